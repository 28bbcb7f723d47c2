import type { ExamDto, PriceListDto, VoucherOrderDto } from '@invigil/contracts';
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { apiGet, apiPost, signInByApi } from './support/api';
import { byTestId, newPage, sharedBrowser, step } from './support/browser';
import { choose, expectText, signIn } from './support/ui';

const OPERATOR = 'operator@invigil.demo';
const BODY_ADMIN = 'microsoft-admin@invigil.demo';
const CANDIDATE = 'candidate@northfield.demo';
const PASSWORD = 'invigil-demo-2026';
const EXAM = 'SC-900';

describe('the operator prices an exam and settles a retail invoice; the candidate then redeems the voucher', () => {
  const browser = sharedBrowser();
  let page: Page;

  it('changes a price list, settles the invoice, and the issued voucher is redeemed with one click', async () => {
    page = await newPage(browser());
    await step(page, 'operator changes the retail price and a tier of the exam', async () => {
      await signIn(page, OPERATOR, '**/operator/accreditation');
      await page.click(byTestId('nav-price-lists'));
      await page.waitForURL('**/operator/price-lists');
      const row = page.locator(byTestId('price-list-row'), { hasText: EXAM });
      await row.locator(byTestId('price-edit')).click();
      await page.fill(byTestId('price-retail'), '170');
      await page.fill(byTestId('tier-price-0'), '170');
      await page.click(byTestId('price-save'));
      await expectText(page, 'simple-snack-bar', `Prices of ${EXAM} saved`);
      await expectText(page, `${byTestId('price-list-row')}:has-text("${EXAM}")`, /US\$170\.00/);
    });

    await step(page, 'a bigger pack dearer per voucher is refused with the reason', async () => {
      const row = page.locator(byTestId('price-list-row'), { hasText: EXAM });
      await row.locator(byTestId('price-edit')).click();
      await page.fill(byTestId('tier-price-1'), '999');
      await page.click(byTestId('price-save'));
      await expectText(page, byTestId('problem'), 'a bigger pack may not cost more per voucher');
    });

    const invoiceNumber = await step(
      page,
      'the candidate orders one retail voucher (through the API)',
      async () => {
        const { accessToken } = await signInByApi(CANDIDATE, PASSWORD);
        const exams = await apiGet<ExamDto[]>('/exams', accessToken);
        const examId = exams.find((e) => e.code === EXAM)?.id as string;
        const lists = await apiGet<PriceListDto[]>('/price-lists', accessToken);
        expect(lists.find((l) => l.examId === examId)?.retailPriceMinor).toBe(17000);
        const order = await apiPost<VoucherOrderDto>(
          '/me/voucher-orders',
          accessToken,
          { examId },
          { 'idempotency-key': randomUUID() },
        );
        expect(order.invoice).toMatchObject({ status: 'open', amountMinor: 17000 });
        return order.invoice.number;
      },
    );

    await step(page, 'operator settles the invoice', async () => {
      await page.click(byTestId('nav-invoices'));
      await page.waitForURL('**/operator/invoices');
      const row = page.locator(byTestId('invoice-row'), { hasText: invoiceNumber });
      await row.waitFor();
      expect(await row.textContent()).toContain(CANDIDATE);
      expect(await row.textContent()).toMatch(/US\$170\.00/);
      await row.locator(byTestId('invoice-settle')).click();
      await page.click(byTestId('confirm-ok'));
      await expectText(page, 'simple-snack-bar', `Invoice ${invoiceNumber} settled`);
      // the list shows open invoices by default; the settled one is under Paid
      await choose(page, 'invoices-status', 'Paid');
      await expectText(
        page,
        `${byTestId('invoice-row')}:has-text("${invoiceNumber}") ${byTestId('invoice-status')}`,
        'Paid',
      );
    });
    await page.context().close();

    page = await newPage(browser());
    await step(page, 'the candidate finds the issued voucher and redeems it with one click', async () => {
      await signIn(page, CANDIDATE, '**/me/exams');
      await page.click(byTestId('nav-my-vouchers'));
      const card = page.locator(byTestId('assigned-voucher'), { hasText: EXAM });
      await card.waitFor();
      expect(await card.textContent()).toContain('Bought by you');
      await card.locator(byTestId('assigned-redeem')).click();
      await expectText(page, byTestId('redeem-success'), `${EXAM} is yours`);
      await expectText(
        page,
        `${byTestId('entitlement-row')}:has-text("${EXAM}") ${byTestId('entitlement-status')}`,
        'Redeemed',
      );
      expect(await page.locator(byTestId('assigned-voucher'), { hasText: EXAM }).count()).toBe(0);
      // their order is paid and names the voucher it issued
      const order = page.locator(byTestId('my-order-row'), { hasText: invoiceNumber });
      await expectText(page, `${byTestId('my-order-row')}:has-text("${invoiceNumber}")`, 'Paid');
      expect(await order.textContent()).toContain(`${EXAM}, valid until`);
    });
    await page.context().close();

    page = await newPage(browser());
    await step(page, 'the certification-body admin sets a yearly attempt limit', async () => {
      await signIn(page, BODY_ADMIN, '**/body/exams');
      await page.click(byTestId('nav-retake-policy'));
      await page.waitForURL('**/body/retake-policy');
      await page.fill(byTestId('retake-max'), '4');
      await page.fill(byTestId('retake-first'), '36');
      await page.click(byTestId('retake-save'));
      await expectText(page, 'simple-snack-bar', 'Retake policy of Microsoft saved');
      await page.reload();
      await page.waitForSelector(byTestId('retake-max'));
      await expect(page.inputValue(byTestId('retake-max'))).resolves.toBe('4');
      await expect(page.inputValue(byTestId('retake-first'))).resolves.toBe('36');
    });
  });
});
