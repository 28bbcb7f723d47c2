import type {
  BookingDto,
  EntitlementDto,
  ExamDto,
  InvoiceDto,
  TestingCentreDto,
  VoucherOrderDto,
} from '@invigil/contracts';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { apiGet, apiPost, signInByApi } from './support/api';
import { byTestId, newPage, sharedBrowser, step } from './support/browser';
import { DEMO_PASSWORD, expectText, signIn } from './support/ui';

const INSTRUCTOR = 'instructor@northfield.demo';
const OPERATOR = 'operator@invigil.demo';
/** a Lakeside learner: a member of the public at Northfield's Downtown centre */
const PUBLIC_CANDIDATE = 'tom.hughes@lakeside.demo';
const DOWNTOWN = 'Northfield Downtown Testing Centre';
const EXAM = 'MO-200';

describe('an instructor publishes an open session; a member of the public takes a seat and owes the proctoring fee', () => {
  const browser = sharedBrowser();
  let page: Page;

  it('publishes the block, the candidate takes a seat, the fee is invoiced and shown, and refunded when the seat is given back', async () => {
    const instructor = (await signInByApi(INSTRUCTOR, DEMO_PASSWORD)).accessToken;
    const [northfield] = (await apiGet<{ items: { id: string }[] }>('/institutions', instructor)).items;
    const centres = await apiGet<TestingCentreDto[]>(`/institutions/${northfield.id}/centres`, instructor);
    const downtown = centres.find((c) => c.name === DOWNTOWN) as TestingCentreDto;
    const from = new Date().toISOString();
    const to = new Date(Date.now() + 60 * 86_400_000).toISOString();
    // the demo's 30-seat block (other browser tests book smaller MO-200 blocks there, some full)
    const block = (
      await apiGet<BookingDto[]>(`/centres/${downtown.id}/bookings?from=${from}&to=${to}`, instructor)
    )
      .filter((b) => b.examCode === EXAM && b.deliveryMode === 'online_proctored' && b.status === 'confirmed')
      .sort((a, b) => b.seats - b.filledSeats - (a.seats - a.filledSeats))[0];
    if (!block) throw new Error('the demo MO-200 online block is missing');

    page = await newPage(browser());
    await step(page, 'the instructor publishes the block as an open session', async () => {
      await signIn(page, INSTRUCTOR, '**/institution/calendar');
      await page.goto(`/institution/bookings/${block.id}`);
      await page.click(byTestId('booking-publish'));
      await expectText(page, byTestId('booking-open'), 'Open session');
    });
    await page.context().close();

    // the candidate's own MO-200 entitlement: bought retail, settled by the operator, redeemed
    const candidate = (await signInByApi(PUBLIC_CANDIDATE, DEMO_PASSWORD)).accessToken;
    const operatorToken = (await signInByApi(OPERATOR, DEMO_PASSWORD)).accessToken;
    const examId = (await apiGet<ExamDto[]>('/exams', candidate)).find((e) => e.code === EXAM)?.id as string;
    const order = await apiPost<VoucherOrderDto>(
      '/me/voucher-orders',
      candidate,
      { examId },
      { 'idempotency-key': randomUUID() },
    );
    const retail = (await apiGet<InvoiceDto[]>('/invoices?status=open', operatorToken)).find(
      (i) => i.number === order.invoice.number,
    ) as InvoiceDto;
    await apiPost(`/invoices/${retail.id}/settle`, operatorToken, {});
    const owned = (await apiGet<EntitlementDto[]>('/me/entitlements', candidate)).find(
      (e) => e.examCode === EXAM && e.status === 'available',
    ) as EntitlementDto;
    await apiPost(`/vouchers/${owned.voucherId}/redeem`, candidate, {});

    page = await newPage(browser());
    const invoiceNumber = await step(
      page,
      'the candidate takes a seat and is told the fee is invoiced',
      async () => {
        await signIn(page, PUBLIC_CANDIDATE, '**/me/exams');
        await page.click(byTestId('nav-open-sessions'));
        await page.waitForURL('**/me/open-sessions');
        const row = page
          .locator(byTestId('open-session-row'), { hasText: DOWNTOWN })
          .filter({ hasText: EXAM });
        await row.first().waitFor();
        expect(await row.first().textContent()).toMatch(/US\$100\.00/);
        await row.first().locator(byTestId('open-session-take')).click();
        await expectText(page, 'simple-snack-bar', /proctoring fee US\$100\.00 invoiced \(INV-\d+\)/);
        const told = (await page.locator('simple-snack-bar').first().textContent()) ?? '';
        return /INV-\d+/.exec(told)?.[0] as string;
      },
    );

    await step(page, 'My exams shows the exam with the fee and its invoice', async () => {
      await page.click(byTestId('nav-my-exams'));
      await page.waitForURL('**/me/exams');
      await expectText(page, byTestId('my-exam-fee'), `invoice ${invoiceNumber}`);
      await expectText(page, byTestId('my-exam-fee'), /US\$100\.00/);
    });

    await step(page, "the exam's online link opens its page, waiting for the proctor", async () => {
      const link = page.locator(byTestId('my-exam'), { hasText: DOWNTOWN }).locator(byTestId('my-exam-link'));
      const href = (await link.first().getAttribute('href')) ?? '';
      expect(href).toMatch(new RegExp(`/me/exams/${block.id}$`));
      await page.goto(new URL(href).pathname);
      await expectText(page, byTestId('exam-room-status'), 'Waiting for your proctor');
      await expectText(page, byTestId('exam-room-checklist'), 'camera');
    });
    await page.context().close();

    const invoices = await apiGet<InvoiceDto[]>('/invoices?status=open', operatorToken);
    const fee = invoices.find((i) => i.number === invoiceNumber) as InvoiceDto;
    expect(fee).toMatchObject({
      kind: 'proctoring_fee',
      amountMinor: 10000,
      buyerEmail: PUBLIC_CANDIDATE,
      description: expect.stringContaining(`Proctoring fee: ${EXAM} at ${DOWNTOWN}`),
    });

    // the fee is paid; then the candidate gives the seat back, and is refunded
    await apiPost(`/invoices/${fee.id}/settle`, operatorToken, {});
    page = await newPage(browser());
    await step(page, 'the candidate gives the seat back from My exams', async () => {
      await signIn(page, PUBLIC_CANDIDATE, '**/me/exams');
      const exam = page
        .locator(byTestId('my-exam'), { hasText: DOWNTOWN })
        .filter({ hasText: invoiceNumber });
      await exam.waitFor();
      expect(await exam.locator(byTestId('my-exam-give-back-until')).textContent()).toContain('refunded');
      await exam.locator(byTestId('my-exam-give-back')).click();
      await page.click(byTestId('confirm-ok'));
      await expectText(page, 'simple-snack-bar', `Your ${EXAM} seat is given back`);
      await page.locator(byTestId('my-exam'), { hasText: invoiceNumber }).waitFor({ state: 'detached' });
    });
    await page.context().close();

    page = await newPage(browser());
    await step(page, 'the operator records the refund', async () => {
      await signIn(page, OPERATOR, '**/operator/accreditation');
      await page.click(byTestId('nav-invoices'));
      await page.waitForURL('**/operator/invoices');
      // whatever the filter, the page says refunds are due and shows them
      await expectText(page, byTestId('invoices-refunds-due'), 'due for a refund');
      await page.click(byTestId('invoices-show-refunds'));
      const row = page.locator(byTestId('invoice-row'), { hasText: invoiceNumber });
      await row.waitFor();
      await row.locator(byTestId('invoice-refund')).click();
      await page.click(byTestId('confirm-ok'));
      await expectText(page, 'simple-snack-bar', `Refund of ${invoiceNumber} recorded`);
    });
    await page.context().close();

    page = await newPage(browser());
    await step(page, 'the candidate sees the fee refunded among their fees', async () => {
      await signIn(page, PUBLIC_CANDIDATE, '**/me/exams');
      await page.click(byTestId('nav-my-vouchers'));
      await expectText(page, `${byTestId('my-fee-row')}:has-text("${invoiceNumber}")`, 'Refunded');
    });
    await page.context().close();
  });
});
