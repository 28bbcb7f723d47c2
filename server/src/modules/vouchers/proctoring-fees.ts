import { Inject, Injectable } from '@nestjs/common';
import { formatMoney, type SeatFeeDto } from '@invigil/contracts';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../core/config/app-config';
import { MailService } from '../../core/mail/mail.service';
import { PAYMENT_PROVIDER, type PaymentProvider } from './payment-provider';
import { InvoiceRow, VoucherLedgerRepository } from './voucher-ledger.repository';

/** A live seat's fee (`seatFees` reads only open and paid ones). */
export const toSeatFeeDto = (i: InvoiceRow): SeatFeeDto => ({
  invoiceNumber: i.number,
  amountMinor: Number(i.amountMinor),
  currency: i.currency,
  status: i.status === 'paid' ? 'paid' : 'open',
  dueAt: new Date(i.dueAt).toISOString(),
});

/** The seat a fee is owed for, and by whom. */
interface FeeSeat {
  bookingId: string;
  candidateId: string;
  candidateEmail: string;
  amountMinor: number;
  currency: string;
}

/**
 * The proctoring fee a member of the public owes for a seat of an open session at a centre that
 * charges one (DOMAIN.md: a retail voucher plus the centre's fee). It is invoiced through the
 * payment provider in the seat's own transaction, at most once per seat. It follows the seat:
 * when the seat ends before the exam (given back, the candidate removed, the block cancelled) an
 * open invoice is voided and a paid one is due for a refund, which the operator records once
 * made; taking the seat again while that refund is still due makes it paid again.
 */
@Injectable()
export class ProctoringFees {
  constructor(
    private readonly ledger: VoucherLedgerRepository,
    @Inject(PAYMENT_PROVIDER) private readonly payments: PaymentProvider,
    private readonly config: AppConfig,
    private readonly mail: MailService,
  ) {}

  /** Invoices the fee of the candidate's seat; the fee as invoiced (the existing one if any). */
  async chargeSeat(em: EntityManager, seat: FeeSeat): Promise<SeatFeeDto> {
    if (!(await this.ledger.resumeSeatFee(em, seat.bookingId, seat.candidateId)))
      await this.invoice(em, seat);
    const [fee] = await this.ledger.seatFees(em, seat.candidateId, [seat.bookingId]);
    return toSeatFeeDto(fee);
  }

  private async invoice(em: EntityManager, seat: FeeSeat): Promise<void> {
    const invoice = await this.payments.openInvoice({
      kind: 'proctoring_fee',
      subjectId: seat.bookingId,
      amountMinor: seat.amountMinor,
      currency: seat.currency,
      buyerEmail: seat.candidateEmail,
    });
    await this.ledger.insertFeeInvoice(em, {
      bookingId: seat.bookingId,
      buyerUserId: seat.candidateId,
      provider: this.payments.name,
      providerReference: invoice.reference,
      amountMinor: seat.amountMinor,
      currency: seat.currency,
      dueAt: DateTime.utc().plus({ days: this.config.INVOICE_DUE_DAYS }).toJSDate(),
    });
  }

  /**
   * Seats of a block ended before the exam: one candidate's, or every seat when `candidateId`
   * is null (the block was cancelled). Open fees are voided, paid ones are due for a refund.
   */
  async endSeats(
    em: EntityManager,
    bookingId: string,
    candidateId: string | null,
  ): Promise<{ voided: number; refundDue: number }> {
    const ended = await this.ledger.endSeatFees(em, bookingId, candidateId);
    // whoever paid is told the fee comes back, in the same transaction as the seat's end
    if (ended.refundDue.length > 0)
      for (const fee of await this.ledger.invoicesByIds(em, ended.refundDue))
        await this.tell(em, fee, 'fee-refund-due', `Your proctoring fee will be refunded: ${fee.number}`, [
          `Your seat has ended before the exam, so the proctoring fee you paid will be refunded.`,
        ]);
    return { voided: ended.voided.length, refundDue: ended.refundDue.length };
  }

  /** The operator recorded a fee's refund: its payer is told. */
  async refunded(em: EntityManager, fee: InvoiceRow): Promise<void> {
    await this.tell(em, fee, 'fee-refunded', `Your proctoring fee was refunded: ${fee.number}`, [
      `The proctoring fee of your seat has been refunded.`,
    ]);
  }

  private tell(em: EntityManager, fee: InvoiceRow, template: string, subject: string, opening: string[]) {
    return this.mail.enqueue(em, {
      to: fee.buyerEmail,
      subject,
      text: [
        ...opening,
        `${fee.description ?? 'Proctoring fee'}\nInvoice ${fee.number}: ${formatMoney(Number(fee.amountMinor), fee.currency, 'en-US')}`,
        `Your proctoring fees and their invoices: ${this.config.PUBLIC_URL}/candidate/vouchers`,
      ].join('\n\n'),
      template,
    });
  }

  /** The live fees of a candidate's seats in these blocks. */
  async feesOf(
    em: EntityManager,
    candidateId: string,
    bookingIds: readonly string[],
  ): Promise<Map<string, SeatFeeDto>> {
    const rows = await this.ledger.seatFees(em, candidateId, bookingIds);
    return new Map(rows.map((r) => [r.bookingId as string, toSeatFeeDto(r)]));
  }
}
