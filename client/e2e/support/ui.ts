import type { Page } from 'playwright-core';
import { byTestId } from './browser';

/** Every demo login's password (the seed's). */
export const DEMO_PASSWORD = 'invigil-demo-2026';

/** Signs in through the login page as a demo user and waits for the landing page and the shell. */
export async function signIn(page: Page, email: string, landing: string): Promise<void> {
  await page.goto('/login');
  await page.fill(byTestId('login-email'), email);
  await page.fill(byTestId('login-password'), DEMO_PASSWORD);
  await page.click(byTestId('login-submit'));
  await page.waitForURL(landing);
  await expectText(page, byTestId('user-name'), /\S/);
}

/** Picks an option of a Material select and waits for its panel to close, so the next one opens cleanly. */
export async function choose(page: Page, selectTestId: string, option: string): Promise<void> {
  await page.click(byTestId(selectTestId));
  await page.click(`mat-option:has-text("${option}")`);
  await page.locator('.mat-mdc-select-panel').waitFor({ state: 'detached' });
}

/** Waits until the element shows the text (string: contains; RegExp: matches). */
export async function expectText(page: Page, selector: string, expected: string | RegExp): Promise<void> {
  const locator = page.locator(selector, { hasText: expected }).first();
  await locator.waitFor({ state: 'visible' });
}
