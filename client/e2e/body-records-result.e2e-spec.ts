import type {
  EntitlementDto,
  ExamAttemptDto,
  ExamDto,
  InvoiceDto,
  VoucherOrderDto,
} from '@invigil/contracts';
import { mkdirSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import type { Page } from 'playwright-core';
import { apiGet, apiPost, signInByApi } from './support/api';
import { byTestId, newPage, sharedBrowser, step } from './support/browser';
import { databaseUrl } from './support/harness';
import { ARTIFACTS } from './support/paths';
import { choose, expectText, signIn } from './support/ui';

const OPERATOR = 'operator@invigil.demo';
const BODY_ADMIN = 'microsoft-admin@invigil.demo';
const CANDIDATE = 'candidate@northfield.demo';
const CANDIDATE_NAME = 'Jordan Lee';
const PASSWORD = 'invigil-demo-2026';
const EXAM = 'AZ-900';
const VOIDED_EXAM = 'AI-900';

/**
 * An attempt in progress for the demo candidate at a Microsoft exam: a retail voucher bought,
 * settled and redeemed through the API, then seated and started in SQL (starting an exam needs
 * a block running now, which the demo data has not), walking the voucher through its lifecycle.
 */
async function attemptInProgress(examCode: string): Promise<{ attemptId: string; voucherId: string }> {
  const candidate = (await signInByApi(CANDIDATE, PASSWORD)).accessToken;
  const operator = (await signInByApi(OPERATOR, PASSWORD)).accessToken;
  const exams = await apiGet<ExamDto[]>('/exams', candidate);
  const examId = exams.find((e) => e.code === examCode)?.id as string;
  const order = await apiPost<VoucherOrderDto>(
    '/me/voucher-orders',
    candidate,
    { examId },
    { 'idempotency-key': randomUUID() },
  );
  await apiPost<InvoiceDto>(`/invoices/${order.invoice.id}/settle`, operator, {});
  const waiting = (await apiGet<EntitlementDto[]>('/me/entitlements', candidate)).find(
    (e) => e.examId === examId && e.status === 'available',
  );
  if (!waiting) throw new Error(`no ${examCode} voucher waiting for the candidate after settlement`);
  await apiPost<EntitlementDto>(`/vouchers/${waiting.voucherId}/redeem`, candidate, {});

  const database = process.env.INVIGIL_E2E_DATABASE;
  if (!database) throw new Error('INVIGIL_E2E_DATABASE is not set: run through client/e2e/jest.config.cjs');
  const db = new Client({ connectionString: databaseUrl(database) });
  await db.connect();
  try {
    // the lifecycle trigger allows one step at a time: redeemed → reserved → consumed
    await db.query(`UPDATE vouchers SET status = 'reserved' WHERE id = $1 AND status = 'redeemed'`, [
      waiting.voucherId,
    ]);
    await db.query(`UPDATE vouchers SET status = 'consumed' WHERE id = $1 AND status = 'reserved'`, [
      waiting.voucherId,
    ]);
    const { rows } = await db.query<{ id: string }>(
      `INSERT INTO exam_attempts (candidate_id, exam_id, voucher_id, started_at)
       SELECT redeemed_by, exam_id, id, now() - interval '40 minutes' FROM vouchers WHERE id = $1 AND status = 'consumed'
       RETURNING id`,
      [waiting.voucherId],
    );
    if (rows.length !== 1) throw new Error('the attempt could not be started');
    return { attemptId: rows[0].id, voucherId: waiting.voucherId };
  } finally {
    await db.end();
  }
}

describe('the certification body records a failing score; the candidate sees it on My results', () => {
  const browser = sharedBrowser();
  let page: Page;

  it('lists the attempt awaiting a result, refuses a score out of range, records 612 and shows "did not pass"; a voided attempt is explained', async () => {
    const { attemptId } = await attemptInProgress(EXAM);
    // a second attempt the platform let down: its voucher is reinstated, and the attempt voided
    const lost = await attemptInProgress(VOIDED_EXAM);
    const operator = (await signInByApi(OPERATOR, PASSWORD)).accessToken;
    await apiPost(`/vouchers/${lost.voucherId}/reinstate`, operator, {
      fault: 'platform',
      reason: 'the exam delivery service went down mid-exam',
    });
    const row = `${byTestId('result-row')}[data-attempt-id="${attemptId}"]`;

    page = await newPage(browser());
    await step(page, 'the body admin finds the attempt awaiting a result', async () => {
      await signIn(page, BODY_ADMIN, '**/body/exams');
      await page.click(byTestId('nav-body-results'));
      await page.waitForURL('**/body/results');
      await expectText(page, byTestId('page-title'), 'Exam results');
      await expectText(page, row, CANDIDATE_NAME);
      expect(await page.textContent(row)).toContain(EXAM);
      await expectText(page, `${row} ${byTestId('result-score-hint')}`, 'Passing score 700 of 1,000');
    });

    await step(page, 'a score above the maximum is refused before it is sent', async () => {
      await page.fill(`${row} ${byTestId('result-score')}`, '1200');
      await page.click(`${row} ${byTestId('result-record')}`);
      await expectText(page, `${row} ${byTestId('result-score-error')}`, 'At most 1,000');
      expect(await page.locator('mat-dialog-container').count()).toBe(0);
    });

    await step(page, 'the body admin records 612: below the passing score, confirmed as a fail', async () => {
      await page.fill(`${row} ${byTestId('result-score')}`, '612');
      await expectText(page, `${row} ${byTestId('result-score-hint')}`, 'Does not pass');
      await screenshot(page, 'body-results-entry');
      await page.click(`${row} ${byTestId('result-record')}`);
      await expectText(page, 'mat-dialog-container', `Record 612 for ${CANDIDATE_NAME}?`);
      await page.click(byTestId('confirm-ok'));
      await expectText(page, 'simple-snack-bar', `${CANDIDATE_NAME}: ${EXAM} failed with 612`);
      await expectText(page, `${row} ${byTestId('result-outcome')}`, 'Failed');
      await expectText(
        page,
        `${row} ${byTestId('result-score-summary')}`,
        '612 of 1,000 · passing score 700',
      );
      expect(await page.locator(`${row} ${byTestId('result-entry')}`).count()).toBe(0);
      await screenshot(page, 'body-results');
    });

    await step(page, 'the attempt is listed under Failed, no longer awaiting a result', async () => {
      await page.reload();
      await page.waitForSelector(`${byTestId('results-table')}, ${byTestId('empty-state')}`);
      expect(await page.locator(row).count()).toBe(0);
      await choose(page, 'results-outcome', 'Failed');
      await expectText(page, `${row} ${byTestId('result-outcome')}`, 'Failed');
    });
    await page.context().close();

    page = await newPage(browser());
    await step(page, 'the candidate sees that they did not pass, with the score', async () => {
      await signIn(page, CANDIDATE, '**/me/exams');
      await page.click(byTestId('nav-my-results'));
      await page.waitForURL('**/candidate/results');
      const mine = `${byTestId('my-result-row')}[data-attempt-id="${attemptId}"]`;
      await expectText(page, `${mine} ${byTestId('my-result-outcome')}`, 'Did not pass');
      await expectText(page, `${mine} ${byTestId('my-result-score')}`, '612 of 1,000 · passing score 700');
      expect(await page.textContent(mine)).toContain(EXAM);
      // shown in the viewer's zone (the browser runs in Toronto)
      expect(await page.textContent(mine)).toMatch(/E[SD]T/);
      const voided = `${byTestId('my-result-row')}[data-attempt-id="${lost.attemptId}"]`;
      await expectText(page, `${voided} ${byTestId('my-result-outcome')}`, 'Voided');
      await expectText(
        page,
        `${voided} ${byTestId('my-result-explanation')}`,
        'Did not count: the attempt failed through no fault of yours and your voucher was reinstated.',
      );
      await screenshot(page, 'my-results');
      const { accessToken } = await signInByApi(CANDIDATE, PASSWORD);
      const attempts = await apiGet<ExamAttemptDto[]>('/me/exam-attempts', accessToken);
      expect(attempts.find((a) => a.id === attemptId)).toMatchObject({ outcome: 'failed', score: 612 });
    });
    await page.context().close();
  });
});

/** A picture of the page as the user saw it, for reviewers (tmp/e2e/, not committed). */
async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}
