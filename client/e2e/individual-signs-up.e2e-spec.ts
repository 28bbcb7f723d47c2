import type { MailMessageDto } from '@invigil/contracts';
import { randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import { baseUrl, byTestId, newPage, sharedBrowser, step } from './support/browser';
import { expectText } from './support/ui';

const PASSWORD = 'my own passphrase 2026';

/** The development mailbox (MAIL_TRANSPORT=dev): what Invigil sent to `to`, newest first. */
async function mailTo(to: string): Promise<MailMessageDto[]> {
  const res = await fetch(`${baseUrl()}/api/dev/mailbox?to=${encodeURIComponent(to)}`);
  if (!res.ok) throw new Error(`mailbox: ${res.status}`);
  return (await res.json()) as MailMessageDto[];
}

describe('an individual creates an account, confirms the address by mail, signs in, and resets a forgotten password', () => {
  const browser = sharedBrowser();
  let page: Page;

  it('signs up, cannot sign in before confirming, confirms from the mail, then lands on My exams', async () => {
    const email = `sam.rivera.${randomBytes(3).toString('hex')}@example.test`;
    page = await newPage(browser());
    await step(page, 'create the account from the sign-in page', async () => {
      await page.goto('/login');
      await page.click(byTestId('login-sign-up'));
      await page.waitForURL('**/sign-up');
      await page.fill(byTestId('sign-up-name'), 'Sam Rivera');
      await page.fill(byTestId('sign-up-email'), email);
      await page.fill(byTestId('sign-up-password'), PASSWORD);
      await page.click(byTestId('sign-up-submit'));
      await expectText(page, byTestId('sign-up-sent'), email);
    });

    await step(page, 'signing in before confirming says what to do', async () => {
      await page.goto('/login');
      await page.fill(byTestId('login-email'), email);
      await page.fill(byTestId('login-password'), PASSWORD);
      await page.click(byTestId('login-submit'));
      await expectText(page, byTestId('problem'), 'Confirm your email address first');
    });

    await step(page, 'follow the link of the mail', async () => {
      const [mail] = await mailTo(email);
      expect(mail.template).toBe('account-verify');
      const link = /https?:\/\/\S+\/verify-email\/[A-Za-z0-9_-]+/.exec(mail.text)?.[0] as string;
      await page.goto(new URL(link).pathname);
      await expectText(page, byTestId('verify-done'), 'Your address is confirmed');
      await page.click(byTestId('verify-sign-in'));
      await page.waitForURL('**/login');
    });

    await step(
      page,
      'sign in: an individual lands on My exams, with vouchers and open sessions at hand',
      async () => {
        await page.fill(byTestId('login-email'), email);
        await page.fill(byTestId('login-password'), PASSWORD);
        await page.click(byTestId('login-submit'));
        await page.waitForURL('**/me/exams');
        await expectText(page, byTestId('user-name'), 'Sam Rivera');
        await page.locator(byTestId('nav-my-vouchers')).waitFor();
        await page.locator(byTestId('nav-open-sessions')).waitFor();
      },
    );
    await page.context().close();

    page = await newPage(browser());
    await step(page, 'a forgotten password is reset from the mailed link', async () => {
      await page.goto('/login');
      await page.click(byTestId('login-forgot'));
      await page.waitForURL('**/forgot-password');
      await page.fill(byTestId('forgot-email'), email);
      await page.click(byTestId('forgot-submit'));
      await expectText(page, byTestId('forgot-sent'), email);
      const reset = (await mailTo(email)).find((m) => m.template === 'password-reset');
      const link = /https?:\/\/\S+\/reset-password\/[A-Za-z0-9_-]+/.exec(reset?.text ?? '')?.[0] as string;
      await page.goto(new URL(link).pathname);
      await page.fill(byTestId('reset-password'), 'a newer passphrase 2027');
      await page.click(byTestId('reset-submit'));
      await expectText(page, byTestId('reset-done'), 'Your password is changed');
      await page.click(byTestId('reset-sign-in'));
      await page.waitForURL('**/login');
      await page.fill(byTestId('login-email'), email);
      await page.fill(byTestId('login-password'), 'a newer passphrase 2027');
      await page.click(byTestId('login-submit'));
      await page.waitForURL('**/me/exams');
    });
    await page.context().close();
  });
});
