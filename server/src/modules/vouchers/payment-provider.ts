import { Injectable } from '@nestjs/common';

/** Where invoices are raised. Settlement is reported back to Invigil, never assumed. */
export interface PaymentProvider {
  readonly name: string;
  /** Raises the invoice with the provider; returns the provider's reference, if any. */
  openInvoice(invoice: {
    /** what it bills: a voucher order (its id), or a seat's proctoring fee (the block's id) */
    kind: 'voucher_order' | 'proctoring_fee';
    subjectId: string;
    amountMinor: number;
    currency: string;
    buyerEmail: string;
  }): Promise<{
    reference: string | null;
  }>;
}

export const PAYMENT_PROVIDER = Symbol('PAYMENT_PROVIDER');

/**
 * The built-in provider: the invoice is recorded here and settled offline (bank transfer,
 * purchase order); the operator marks it paid when the money arrives.
 */
@Injectable()
export class OfflineInvoiceProvider implements PaymentProvider {
  readonly name = 'offline-invoice';

  openInvoice(): Promise<{ reference: string | null }> {
    return Promise.resolve({ reference: null });
  }
}
