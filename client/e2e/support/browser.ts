import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ARTIFACTS, CHROMIUM } from './paths';

export function baseUrl(): string {
  const url = process.env.INVIGIL_E2E_BASE_URL;
  if (!url) throw new Error('INVIGIL_E2E_BASE_URL is not set: run through client/e2e/jest.config.cjs');
  return url;
}

/** Debian's Chromium, headless; nothing is downloaded. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

/** A page in a fresh context; `timezoneId` is the browser's own zone (Toronto unless given). */
export async function newPage(browser: Browser, { timezoneId = 'America/Toronto' } = {}): Promise<Page> {
  const context = await browser.newContext({
    baseURL: baseUrl(),
    viewport: { width: 1366, height: 900 },
    locale: 'en-CA',
    timezoneId,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  return page;
}

/** Runs a step; if it fails, saves a screenshot to tmp/e2e/ before passing the failure on. */
export async function step<T>(page: Page, name: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    mkdirSync(ARTIFACTS, { recursive: true });
    const file = join(ARTIFACTS, `${name.replace(/[^a-z0-9]+/gi, '-')}-${Date.now()}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => undefined);
    // the error the page itself showed says more than a selector timeout
    const shown = await page
      .locator('[data-testid="problem"]')
      .allTextContents()
      .catch(() => [] as string[]);
    const message = error instanceof Error ? error.message : String(error);
    const onPage = shown.length ? `\nThe page showed: ${shown.map((t) => t.trim()).join(' | ')}` : '';
    throw new Error(`Step "${name}" failed (screenshot: ${file}):${onPage}\n${message}`, { cause: error });
  }
}

export const byTestId = (id: string): string => `[data-testid="${id}"]`;

/**
 * One Chromium for a spec: launched before its tests, closed after them. Call it in the
 * describe body; the function it returns gives the browser inside a test.
 */
export function sharedBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error('the browser is launched in beforeAll');
    return browser;
  };
}
