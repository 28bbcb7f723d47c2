import type { PageDto, UtilisationReportDto, VoucherDto } from '@invigil/contracts';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { apiGet, signInByApi } from './support/api';
import { byTestId, launchBrowser, newPage, step } from './support/browser';
import { ARTIFACTS } from './support/paths';
import { choose, expectText, signIn } from './support/ui';

const ADMIN = 'admin@northfield.demo';
const CANDIDATE = 'candidate@northfield.demo';
const PASSWORD = 'invigil-demo-2026';
// a Microsoft exam the demo institution has no pack of yet: retail 165 USD, 119 USD from 100 vouchers
const EXAM = 'AZ-900';
const QUANTITY = 120;

describe('an institution admin buys a voucher pack and assigns a voucher; the candidate redeems it', () => {
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    browser = await launchBrowser();
    page = await newPage(browser);
  });

  afterAll(async () => {
    await browser?.close();
  });

  it('quotes at the wholesale tier, places the order, assigns a code, and the candidate redeems it once', async () => {
    // other browser tests share the demo database: the report is checked against where it started
    const before = await step(page, 'read the utilisation before (through the API)', async () => {
      const { accessToken, user } = await signInByApi(ADMIN, PASSWORD);
      const institutionId = user.memberships.find((m) => m.role === 'institution_admin')?.institutionId;
      return (
        await apiGet<UtilisationReportDto>(`/institutions/${institutionId}/voucher-report`, accessToken)
      ).total;
    });

    await step(page, 'admin signs in', () => signIn(page, ADMIN, '**/institution/centres'));

    await step(page, 'open the vouchers page', async () => {
      await page.click(byTestId('nav-vouchers'));
      await page.waitForURL('**/institution/vouchers');
      await expectText(page, byTestId('page-title'), 'Vouchers');
      // the demo pack bought at seeding is listed with its open invoice
      await expectText(page, byTestId('order-row'), '30 × MO-200');
    });

    await step(page, 'get a quote at the wholesale tier', async () => {
      await choose(page, 'order-exam-0', EXAM);
      // the browser runs in en-CA, which writes US dollars as US$
      await expectText(page, byTestId('order-tiers'), /100–499: US\$119\.00/);
      await page.fill(byTestId('order-quantity-0'), String(QUANTITY));
      await page.click(byTestId('order-quote'));
      await expectText(page, byTestId('quote-tier'), '100–499');
      await expectText(page, byTestId('quote-total'), /Total US\$14,280\.00/);
      await expectText(page, byTestId('order-quote-result'), /less than at retail \(US\$19,800\.00\)/);
    });

    await step(page, 'place the order', async () => {
      await page.click(byTestId('order-place'));
      await expectText(page, byTestId('order-placed'), /Order placed — invoice INV-\d+/);
      await expectText(page, byTestId('order-placed'), `${QUANTITY} × ${EXAM} issued, valid until`);
      const row = page.locator(byTestId('order-row'), { hasText: `${QUANTITY} × ${EXAM}` });
      await row.waitFor();
      expect(await row.locator(byTestId('order-invoice-status')).textContent()).toContain('Open');
      // expiry is shown in the institution's zone (Toronto), at the end of the day
      expect(await row.locator(byTestId('order-pack-expiry')).textContent()).toMatch(/11:59\s?p\.?m\.? EST/i);
    });

    const code = await step(page, 'find a code of the new pack and reveal it', async () => {
      // from the order, straight to the codes of its pack
      await page
        .locator(byTestId('order-row'), { hasText: `${QUANTITY} × ${EXAM}` })
        .locator(byTestId('order-pack-codes'))
        .click();
      await expectText(page, byTestId('codes-pack'), `${QUANTITY} × ${EXAM}`);
      await expectText(page, byTestId('codes-count'), `${QUANTITY} vouchers`);
      // the exam filter narrows the same way; unused codes only, by status
      await choose(page, 'codes-exam', EXAM);
      await choose(page, 'codes-status', 'Available');
      await expectText(page, byTestId('codes-count'), `${QUANTITY} vouchers`);
      await choose(page, 'codes-status', 'Any status');
      const first = page.locator(byTestId('code-row')).first();
      expect(await first.locator(byTestId('code-value')).textContent()).toMatch(
        /^••••-••••-••••-••••-[0-9A-Z]{4}$/,
      );
      await first.locator(byTestId('code-reveal')).click();
      const revealed = first.locator(byTestId('code-value'), { hasText: /([0-9A-Z]{4}-){4}[0-9A-Z]{4}/ });
      await revealed.waitFor();
      return ((await revealed.textContent()) ?? '').trim();
    });

    await step(page, 'assign it to the demo candidate', async () => {
      const row = page.locator(byTestId('code-row'), { hasText: code });
      await row.locator(byTestId('code-assign')).click();
      await page.fill(byTestId('assign-search'), 'candidate@northfield');
      await page.click(`${byTestId('assign-candidate')}:has-text("${CANDIDATE}")`);
      await page.click(byTestId('assign-confirm'));
      await expectText(page, 'simple-snack-bar', `assigned to Jordan Lee`);
      await expectText(
        page,
        `${byTestId('code-row')}:has-text("${code}") ${byTestId('code-status')}`,
        'Assigned',
      );
      await expectText(
        page,
        `${byTestId('code-row')}:has-text("${code}") ${byTestId('code-candidate')}`,
        CANDIDATE,
      );
    });

    await step(page, 'export the codes of the exam as CSV', async () => {
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.click(byTestId('codes-export')),
      ]);
      expect(download.suggestedFilename()).toMatch(/^vouchers-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = readFileSync(await download.path(), 'utf8')
        .trim()
        .split('\n');
      expect(csv[0]).toBe('code,exam,status,expires_at,assigned_to,redeemed_by,reason');
      // the exam filter applies to the export too
      expect(csv).toHaveLength(1 + QUANTITY);
      expect(csv.find((line) => line.startsWith(code))).toContain(`${EXAM},assigned,`);
      expect(csv.find((line) => line.startsWith(code))).toContain(CANDIDATE);
    });

    await step(page, 'void another unused code with a reason', async () => {
      const other = page.locator(byTestId('code-row'), { hasNotText: code }).first();
      const hint = ((await other.locator(byTestId('code-value')).textContent()) ?? '').trim().slice(-4);
      await other.locator(byTestId('code-void')).click();
      // the reason is required: confirming without one keeps the dialog open
      await page.click(byTestId('confirm-ok'));
      await expectText(page, 'mat-dialog-container', 'Required');
      await page.fill(byTestId('confirm-input'), 'code posted on a class forum');
      await page.click(byTestId('confirm-ok'));
      await expectText(page, 'simple-snack-bar', `…${hint} voided`);
      const voided = page.locator(byTestId('code-row'), { hasText: hint });
      await expectText(
        page,
        `${byTestId('code-row')}:has-text("${hint}") ${byTestId('code-status')}`,
        'Voided',
      );
      expect(await voided.textContent()).toContain('code posted on a class forum');
      expect(await voided.locator(byTestId('code-assign')).count()).toBe(0);
    });

    await step(page, 'assign vouchers to a class roster, seeing the lines that were skipped', async () => {
      await page.click('.tab-roster');
      await choose(page, 'roster-exam', EXAM);
      // uploaded as a file, as a teacher exports it from a spreadsheet
      const roster = [
        'email,name',
        'priya.shah@northfield.demo,Priya',
        'not-an-email,X',
        'stranger@example.org,Y',
      ];
      await page.setInputFiles('inv-csv-file-button input[type=file]', {
        name: 'class-roster.csv',
        mimeType: 'text/csv',
        buffer: Buffer.from(roster.join('\n')),
      });
      await expectText(page, 'inv-csv-file-button', 'Loaded class-roster.csv');
      expect(await page.inputValue(byTestId('roster-csv'))).toBe(roster.join('\n'));
      await page.click(byTestId('roster-send'));
      await expectText(page, byTestId('roster-assigned'), '1 assigned');
      await expectText(page, byTestId('roster-skipped'), '2 skipped');
      const skipped = await page.locator(byTestId('roster-skipped-row')).allTextContents();
      expect(skipped[0]).toMatch(/3\s*not-an-email\s*not an email address/);
      expect(skipped[1]).toMatch(/4\s*stranger@example.org\s*not a candidate of this institution/);
    });

    await step(page, 'find the roster voucher by the candidate and take it back', async () => {
      await page.click('.tab-codes');
      await page.fill(byTestId('codes-search'), 'priya');
      await page.click(byTestId('codes-search-go'));
      await expectText(page, byTestId('codes-count'), /^\s*1 voucher\s*$/);
      const row = page.locator(byTestId('code-row')).first();
      expect(await row.locator(byTestId('code-candidate')).textContent()).toContain(
        'priya.shah@northfield.demo',
      );
      await row.locator(byTestId('code-unassign')).click();
      await page.click(byTestId('confirm-ok'));
      await expectText(page, 'simple-snack-bar', 'is available again');
      await expectText(page, byTestId('empty-state'), 'No vouchers match');
    });

    await step(page, 'set what the institution charges its learners for the exam', async () => {
      await page.click('.tab-learner-prices');
      await choose(page, 'learner-price-exam', EXAM);
      await page.fill(byTestId('learner-price-amount'), '40');
      // Northfield is in Canada: its learners pay in Canadian dollars unless the admin picks another currency
      expect(await page.locator(byTestId('learner-price-currency')).textContent()).toContain('CAD');
      await page.click(byTestId('learner-price-save'));
      await expectText(page, `${byTestId('learner-price-row')}:has-text("${EXAM}")`, '$40.00');
    });

    await step(page, 'admin signs out', async () => {
      await page.click(byTestId('user-menu'));
      await page.click(byTestId('sign-out'));
      await page.waitForURL('**/login**');
    });

    await step(page, 'candidate signs in and opens My vouchers', async () => {
      await signIn(page, CANDIDATE, '**/me/exams');
      await page.click(byTestId('nav-my-vouchers'));
      await page.waitForURL('**/candidate/vouchers');
      // the assigned voucher waits for them, with its code
      await expectText(page, byTestId('assigned-voucher'), EXAM);
      await expectText(page, byTestId('assigned-code'), code);
      await expectText(
        page,
        `${byTestId('assigned-voucher')}:has-text("${code}")`,
        'You owe $40.00 for this exam',
      );
    });

    await step(page, 'a mistyped code is caught before it is sent', async () => {
      const last = code.at(-1) === 'A' ? 'B' : 'A';
      await page.fill(byTestId('redeem-code'), code.slice(0, -1) + last);
      await expectText(page, byTestId('redeem-hint'), 'one of its characters is wrong');
      expect(await page.isDisabled(byTestId('redeem-submit'))).toBe(true);
    });

    await step(page, 'the candidate types the code in lower case with spaces and redeems it', async () => {
      await page.fill(byTestId('redeem-code'), code.toLowerCase().replace(/-/g, ' '));
      await expectText(page, byTestId('redeem-preview'), `Reads as ${code}`);
      await page.click(byTestId('redeem-submit'));
      await expectText(page, byTestId('redeem-success'), `${EXAM} is yours`);
      const row = page.locator(byTestId('entitlement-row'), { hasText: EXAM });
      await row.waitFor();
      expect(await row.locator(byTestId('entitlement-status')).textContent()).toContain('Redeemed');
      await expect(page.locator(byTestId('assigned-code'), { hasText: code }).count()).resolves.toBe(0);
    });

    await step(page, 'redeeming it again says it was already redeemed', async () => {
      await page.fill(byTestId('redeem-code'), code);
      await page.click(byTestId('redeem-submit'));
      const error = page.locator(byTestId('redeem-error'));
      await error.waitFor();
      expect(await error.getAttribute('data-kind')).toBe('voucher-already-redeemed');
      expect(await error.textContent()).toContain('This voucher has already been redeemed');
    });

    await step(
      page,
      'the candidate prices a retail voucher and gets an invoice, not a fake payment',
      async () => {
        await choose(page, 'buy-exam', EXAM);
        await expectText(page, byTestId('buy-price'), /Voucher US\$165\.00/);
        // the demo's public centre charges the public 100 USD; Northfield's own candidate pays no fee there
        const downtown = page.locator(byTestId('buy-centre-fee'), {
          hasText: 'Northfield Downtown Testing Centre',
        });
        await downtown.waitFor();
        expect(await downtown.textContent()).toContain('none for you');
        expect(await downtown.locator(byTestId('buy-centre-total')).textContent()).toMatch(/US\$165\.00/);
        await page.click(byTestId('buy-submit'));
        await expectText(page, byTestId('buy-invoice'), /Invoice INV-\d+: you owe US\$165\.00/);
        await expectText(page, byTestId('buy-invoice'), 'It is not paid yet');
        await expectText(page, byTestId('my-order-row'), 'Issued when paid');
        await snapshot(page, 'candidate-my-vouchers');
      },
    );

    await step(page, 'the institution sees the voucher redeemed by the candidate', async () => {
      const { accessToken, user } = await signInByApi(ADMIN, PASSWORD);
      const institutionId = user.memberships.find((m) => m.role === 'institution_admin')?.institutionId;
      const found = await apiGet<PageDto<VoucherDto>>(
        `/institutions/${institutionId}/vouchers?q=${code.slice(-4)}`,
        accessToken,
      );
      const voucher = found.items.find((v) => v.code === code);
      expect(voucher).toMatchObject({
        examCode: EXAM,
        status: 'redeemed',
        redeemedBy: { email: CANDIDATE },
      });
    });

    await step(page, 'the utilisation report shows the pack and the redemption', async () => {
      await page.click(byTestId('user-menu'));
      await page.click(byTestId('sign-out'));
      await page.waitForURL('**/login**');
      await signIn(page, ADMIN, '**/institution/centres');
      await page.click(byTestId('nav-voucher-report'));
      await page.waitForURL('**/institution/vouchers/report');
      await expectText(
        page,
        `${byTestId('report-bought')} ${byTestId('report-count')}`,
        exactly(before.bought + QUANTITY),
      );
      await expectText(
        page,
        `${byTestId('report-redeemed')} ${byTestId('report-count')}`,
        exactly(before.redeemed + before.reserved + 1),
      );
      await expectText(
        page,
        `${byTestId('report-voided')} ${byTestId('report-count')}`,
        exactly(before.voided + 1),
      );
      await expectText(page, byTestId('report-row'), EXAM);
      expect(await page.locator(`${byTestId('report-chart')} ${byTestId('chart-bar')}`).count()).toBe(7);
      await snapshot(page, 'institution-voucher-report');
    });
  });
});

/** Keeps a picture of the whole page the user saw, for people reviewing the run. */
async function snapshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  // the shell scrolls inside its content pane, so a full-page shot needs a viewport that tall
  const viewport = page.viewportSize() ?? { width: 1366, height: 900 };
  const height = await page.evaluate(() => document.querySelector('mat-sidenav-content')?.scrollHeight ?? 0);
  await page.setViewportSize({ width: viewport.width, height: Math.max(viewport.height, height + 80) });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`) });
  await page.setViewportSize(viewport);
}

/** Text that is the number and nothing else. */
const exactly = (n: number): RegExp => new RegExp(`^\\s*${n}\\s*$`);
