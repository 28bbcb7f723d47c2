import { Inject, Injectable } from '@nestjs/common';
import type { SeatFeeDto } from '@invigil/contracts';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { AppConfig } from '../../core/config/app-config';
import { PAYMENT_PROVIDER, type PaymentProvider } from './payment-provider';
import { InvoiceRow, VoucherLedgerRepository } from './voucher-ledger.repository';

export const toSeatFeeDto = (i: InvoiceRow): SeatFeeDto => ({
  invoiceNumber: i.number,
  amountMinor: Number(i.amountMinor),
  currency: i.currency,
  status: i.status,
  dueAt: new Date(i.dueAt).toISOString(),
});

/**
 * The proctoring fee a member of the public owes for a seat of an open session at a centre that
 * charges one (DOMAIN.md: a retail voucher plus the centre's fee). It is invoiced through the
 * payment provider in the seat's own transaction, at most once per seat, and voided when the
 * seat is given back before it is paid.
 */
@Injectable()
export class ProctoringFees {
  constructor(
    private readonly ledger: VoucherLedgerRepository,
    @Inject(PAYMENT_PROVIDER) private readonly payments: PaymentProvider,
    private readonly config: AppConfig,
  ) {}

  /** Invoices the fee of the candidate's seat; the fee as invoiced (the existing one if any). */
  async chargeSeat(
    em: EntityManager,
    seat: {
      bookingId: string;
      candidateId: string;
      candidateEmail: string;
      amountMinor: number;
      currency: string;
    },
  ): Promise<SeatFeeDto> {
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
    const [fee] = await this.ledger.seatFees(em, seat.candidateId, [seat.bookingId]);
    return toSeatFeeDto(fee);
  }

  /** The seat was given back: its open fee invoice is void (a paid one stays, for a refund). */
  releaseSeat(em: EntityManager, bookingId: string, candidateId: string): Promise<number> {
    return this.ledger.voidFeeInvoice(em, bookingId, candidateId);
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
