import { Inject, Injectable } from '@nestjs/common';
import type {
  InvoiceDto,
  InvoiceStatus,
  OrderItemRequest,
  QuoteDto,
  RetailQuoteDto,
  VoucherOrderDto,
  VoucherPackDto,
} from '@invigil/contracts';
import { DateTime } from 'luxon';
import { createHash } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import type { Actor } from '../../core/auth/actor';
import { UsersRepository } from '../../core/auth/users.repository';
import { AppConfig } from '../../core/config/app-config';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { Problem } from '../../core/errors/problem';
import { CodeVault } from './code-vault';
import { multiply, sum, tierFor, unitPriceFor } from './domain/pricing';
import { voucherExpiry } from './domain/voucher-expiry';
import { ProctoringFees } from './proctoring-fees';
import { PAYMENT_PROVIDER, PaymentProvider } from './payment-provider';
import { PriceListRow, PriceListsRepository } from './price-lists.repository';
import { InvoiceRow, OrderRow, PackRow, VoucherLedgerRepository } from './voucher-ledger.repository';

export const toInvoiceDto = (i: InvoiceRow): InvoiceDto => ({
  ...i,
  amountMinor: Number(i.amountMinor),
  issuedAt: new Date(i.issuedAt).toISOString(),
  dueAt: new Date(i.dueAt).toISOString(),
  settledAt: i.settledAt ? new Date(i.settledAt).toISOString() : null,
  refundDueAt: i.refundDueAt ? new Date(i.refundDueAt).toISOString() : null,
  refundedAt: i.refundedAt ? new Date(i.refundedAt).toISOString() : null,
});

const toPackDto = (p: PackRow): VoucherPackDto => ({
  id: p.id,
  examId: p.examId,
  examCode: p.examCode,
  examTitle: p.examTitle,
  quantity: p.quantity,
  unitPriceMinor: p.unitPriceMinor,
  currency: p.currency,
  purchasedAt: new Date(p.purchasedAt).toISOString(),
  expiresAt: new Date(p.expiresAt).toISOString(),
  expiryZone: p.expiryZone,
  expiresAtLocal: `${DateTime.fromJSDate(new Date(p.expiresAt), { zone: p.expiryZone }).toFormat('yyyy-MM-dd HH:mm')} (${p.expiryZone})`,
});

interface PricedLine {
  examId: string;
  quantity: number;
  unitPriceMinor: number;
  list: PriceListRow;
}

/** Quotes, idempotent orders that issue whole packs at once, invoices and their settlement. */
@Injectable()
export class VoucherOrdersService {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly ledger: VoucherLedgerRepository,
    private readonly prices: PriceListsRepository,
    private readonly users: UsersRepository,
    private readonly vault: CodeVault,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    @Inject(PAYMENT_PROVIDER) private readonly payments: PaymentProvider,
    private readonly fees: ProctoringFees,
  ) {}

  /** The candidate's own proctoring fee invoices, refunds included. */
  async myFees(actor: Actor): Promise<InvoiceDto[]> {
    return (await this.ledger.feeInvoicesOf(this.tx.manager, actor.userId)).map(toInvoiceDto);
  }

  async quote(actor: Actor, institutionId: string, items: OrderItemRequest[]): Promise<QuoteDto> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    return this.priceQuote(await this.price(this.tx.manager, items));
  }

  /**
   * What one retail voucher costs, priced exactly as `orderRetail` invoices it, and what each
   * public centre's proctoring fee adds (nothing at a centre of the caller's own institution).
   */
  async quoteRetail(actor: Actor, examId: string): Promise<RetailQuoteDto> {
    const [line] = await this.price(this.tx.manager, [{ examId, quantity: 1 }]);
    const mine = new Set(actor.institutionIds());
    const centres = await this.ledger.publicCentres(this.tx.manager);
    return {
      examId,
      examCode: line.list.examCode,
      examTitle: line.list.examTitle,
      currency: line.list.currency,
      voucherPriceMinor: line.unitPriceMinor,
      centres: centres.map((c) => {
        const waived = mine.has(c.institutionId);
        return {
          centreId: c.centreId,
          centreName: c.centreName,
          city: c.city,
          institutionName: c.institutionName,
          feeMinor: c.feeMinor,
          currency: c.currency,
          waived,
          totalMinor: waived
            ? line.unitPriceMinor
            : c.currency === line.list.currency
              ? sum(
                  [
                    { amountMinor: line.unitPriceMinor, currency: c.currency },
                    { amountMinor: c.feeMinor, currency: c.currency },
                  ],
                  c.currency,
                ).amountMinor
              : null,
        };
      }),
    };
  }

  /**
   * Places an institution's order. The same Idempotency-Key always answers with the same order:
   * a retried request never buys twice, even when the retries race.
   */
  async orderForInstitution(
    actor: Actor,
    institutionId: string,
    items: OrderItemRequest[],
    idempotencyKey: string,
  ): Promise<{ order: VoucherOrderDto; replayed: boolean }> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    const zone = (await this.ledger.institutionZone(this.tx.manager, institutionId)) ?? 'UTC';
    return this.place(actor, { institutionId, ownerUserId: null, zone }, items, idempotencyKey);
  }

  /** A single retail voucher for an individual; the voucher is issued when the invoice is settled. */
  async orderRetail(
    actor: Actor,
    examId: string,
    idempotencyKey: string,
  ): Promise<{ order: VoucherOrderDto; replayed: boolean }> {
    return this.place(
      actor,
      { institutionId: null, ownerUserId: actor.userId, zone: 'UTC' },
      [{ examId, quantity: 1 }],
      idempotencyKey,
      true,
    );
  }

  async listForInstitution(actor: Actor, institutionId: string): Promise<VoucherOrderDto[]> {
    actor.requireInstitutionRole(institutionId, ['institution_admin']);
    const ids = await this.ledger.listOrderIds(this.tx.manager, { institutionId });
    return Promise.all(ids.map((o) => this.view(this.tx.manager, o.id)));
  }

  async listMine(actor: Actor): Promise<VoucherOrderDto[]> {
    const ids = await this.ledger.listOrderIds(this.tx.manager, { buyerUserId: actor.userId });
    return Promise.all(ids.map((o) => this.view(this.tx.manager, o.id)));
  }

  async invoices(actor: Actor, status?: InvoiceStatus): Promise<InvoiceDto[]> {
    actor.requireOperator();
    return (await this.ledger.listInvoices(this.tx.manager, status)).map(toInvoiceDto);
  }

  /**
   * The operator records that a fee due for a refund was refunded (through the payment
   * provider; offline for the built-in one), exactly once.
   */
  async refund(actor: Actor, invoiceId: string): Promise<InvoiceDto> {
    actor.requireOperator();
    return this.tx.run(async (em) => {
      if (!(await this.ledger.refundInvoice(em, invoiceId))) {
        const status = await this.ledger.invoiceStatus(em, invoiceId);
        if (!status) throw Problem.notFound('Invoice');
        throw Problem.conflict('invalid-state-transition', `The invoice is ${status}, not due for a refund`, {
          invoiceStatus: status,
        });
      }
      const invoice = await this.ledger.invoiceById(em, invoiceId);
      await this.fees.refunded(em, invoice);
      await this.audit.record(em, actor, {
        action: 'invoice.refunded',
        entityType: 'invoice',
        entityId: invoiceId,
        details: {
          kind: invoice.kind,
          bookingId: invoice.bookingId,
          amountMinor: Number(invoice.amountMinor),
        },
      });
      return toInvoiceDto(invoice);
    });
  }

  /** The operator records that an invoice was paid; a retail order's voucher is issued then. */
  async settle(actor: Actor, invoiceId: string): Promise<InvoiceDto> {
    actor.requireOperator();
    return this.tx.run(async (em) => {
      const settled = await this.ledger.settleInvoice(em, invoiceId);
      if (!settled) {
        const status = await this.ledger.invoiceStatus(em, invoiceId);
        if (!status) throw Problem.notFound('Invoice');
        throw Problem.conflict('invalid-state-transition', `The invoice is ${status}, not open`, {
          invoiceStatus: status,
        });
      }
      if (!settled.orderId) {
        // a proctoring fee: paid is all there is to it
        const invoice = await this.ledger.invoiceById(em, invoiceId);
        await this.audit.record(em, actor, {
          action: 'invoice.settled',
          entityType: 'invoice',
          entityId: invoiceId,
          details: { kind: invoice.kind, bookingId: invoice.bookingId },
        });
        return toInvoiceDto(invoice);
      }
      const order = (await this.ledger.findOrder(em, settled.orderId)) as OrderRow;
      if (!order.institutionId) {
        const buyer = await this.users.findById(em, order.buyerUserId);
        await this.issuePacks(
          em,
          order.id,
          { institutionId: null, ownerUserId: order.buyerUserId, zone: buyer?.timeZone ?? 'UTC' },
          order.items,
        );
      }
      await this.audit.record(em, actor, {
        action: 'invoice.settled',
        entityType: 'invoice',
        entityId: invoiceId,
        institutionId: order.institutionId,
        details: { orderId: order.id },
      });
      return toInvoiceDto(await this.ledger.invoiceById(em, invoiceId));
    });
  }

  private async place(
    actor: Actor,
    owner: { institutionId: string | null; ownerUserId: string | null; zone: string },
    items: OrderItemRequest[],
    idempotencyKey: string,
    deferIssue = false,
  ): Promise<{ order: VoucherOrderDto; replayed: boolean }> {
    const requestHash = createHash('sha256')
      .update(
        JSON.stringify([owner.institutionId, [...items].sort((a, b) => a.examId.localeCompare(b.examId))]),
      )
      .digest('hex');
    const replay = async (em: EntityManager) => {
      const existing = await this.ledger.findOrderByKey(em, actor.userId, idempotencyKey);
      if (!existing) return null;
      if (existing.requestHash !== requestHash) {
        throw Problem.conflict(
          'idempotency-key-reused',
          'This Idempotency-Key was used for a different order',
        );
      }
      return { order: await this.view(em, existing.id), replayed: true };
    };
    const earlier = await replay(this.tx.manager);
    if (earlier) return earlier;

    const lines = await this.price(this.tx.manager, items);
    const quote = this.priceQuote(lines);
    const buyer = await this.users.findById(this.tx.manager, actor.userId);
    return this.tx.run(async (em) => {
      const orderId = await this.ledger.insertOrder(em, {
        institutionId: owner.institutionId,
        buyerUserId: actor.userId,
        idempotencyKey,
        requestHash,
        currency: quote.currency,
        totalMinor: quote.totalMinor,
        items: lines.map((l) => ({
          examId: l.examId,
          quantity: l.quantity,
          unitPriceMinor: l.unitPriceMinor,
        })),
      });
      if (!orderId) {
        // a concurrent retry committed first; answer with its order
        const raced = await replay(em);
        if (raced) return raced;
        throw Problem.conflict(
          'conflict',
          'The order could not be placed; retry with the same Idempotency-Key',
        );
      }
      const invoice = await this.payments.openInvoice({
        kind: 'voucher_order',
        subjectId: orderId,
        amountMinor: quote.totalMinor,
        currency: quote.currency,
        buyerEmail: buyer?.email ?? '',
      });
      await this.ledger.insertInvoice(em, {
        orderId,
        provider: this.payments.name,
        providerReference: invoice.reference,
        amountMinor: quote.totalMinor,
        currency: quote.currency,
        dueAt: DateTime.utc().plus({ days: this.config.INVOICE_DUE_DAYS }).toJSDate(),
      });
      if (!deferIssue) {
        await this.issuePacks(
          em,
          orderId,
          owner,
          lines.map((l) => ({ ...l, validityMonths: l.list.validityMonths })),
        );
      }
      await this.audit.record(em, actor, {
        action: 'voucher_order.placed',
        entityType: 'voucher_order',
        entityId: orderId,
        institutionId: owner.institutionId,
        details: {
          items: quote.lines.map((l) => ({ exam: l.examCode, quantity: l.quantity })),
          totalMinor: quote.totalMinor,
          currency: quote.currency,
        },
      });
      return { order: await this.view(em, orderId), replayed: false };
    });
  }

  private async issuePacks(
    em: EntityManager,
    orderId: string,
    owner: { institutionId: string | null; ownerUserId: string | null; zone: string },
    items: { examId: string; quantity: number; unitPriceMinor: number; validityMonths?: number }[],
  ): Promise<void> {
    const purchasedAt = new Date();
    const lists = new Map(
      (
        await this.prices.forExams(
          em,
          items.map((i) => i.examId),
        )
      ).map((l) => [l.examId, l]),
    );
    for (const item of items) {
      const months = item.validityMonths ?? lists.get(item.examId)?.validityMonths ?? 12;
      const expiresAt = voucherExpiry(purchasedAt, months, owner.zone);
      const packId = await this.ledger.insertPack(em, {
        orderId,
        institutionId: owner.institutionId,
        ownerUserId: owner.ownerUserId,
        examId: item.examId,
        quantity: item.quantity,
        unitPriceMinor: item.unitPriceMinor,
        currency: lists.get(item.examId)?.currency ?? 'USD',
        purchasedAt,
        expiresAt,
        expiryZone: owner.zone,
      });
      const codes = Array.from({ length: item.quantity }, () => this.vault.mint());
      await this.ledger.insertVouchers(
        em,
        {
          id: packId,
          institutionId: owner.institutionId,
          ownerUserId: owner.ownerUserId,
          examId: item.examId,
          expiresAt,
        },
        codes,
      );
    }
  }

  private async price(em: EntityManager, items: OrderItemRequest[]): Promise<PricedLine[]> {
    const seen = new Set<string>();
    items.forEach((item, index) => {
      if (seen.has(item.examId)) {
        throw Problem.validation([
          { field: `items.${index}.examId`, messages: ['each exam may appear once per order'] },
        ]);
      }
      seen.add(item.examId);
    });
    const lists = new Map(
      (
        await this.prices.forExams(
          em,
          items.map((i) => i.examId),
        )
      ).map((l) => [l.examId, l]),
    );
    const lines = items.map((item, index) => {
      const list = lists.get(item.examId);
      if (!list) {
        throw new Problem('price-list-missing', 400, 'The exam does not exist or has no price list', {
          errors: [{ field: `items.${index}.examId`, messages: ['no price list for this exam'] }],
        });
      }
      return {
        examId: item.examId,
        quantity: item.quantity,
        unitPriceMinor: unitPriceFor(list, item.quantity),
        list,
      };
    });
    const currencies = new Set(lines.map((l) => l.list.currency));
    if (currencies.size > 1) {
      throw Problem.validation([
        { field: 'items', messages: [`one currency per order (got ${[...currencies].join(', ')})`] },
      ]);
    }
    return lines;
  }

  private priceQuote(lines: PricedLine[]): QuoteDto {
    const quoteLines = lines.map((l) => ({
      examId: l.examId,
      examCode: l.list.examCode,
      examTitle: l.list.examTitle,
      quantity: l.quantity,
      unitPriceMinor: l.unitPriceMinor,
      retailPriceMinor: l.list.retailPriceMinor,
      tierMinQuantity: tierFor(l.list, l.quantity).minQuantity,
      lineTotalMinor: multiply(l.unitPriceMinor, l.quantity),
    }));
    const total = quoteLines.reduce((s, l) => s + BigInt(l.lineTotalMinor), 0n);
    const retail = lines.reduce((s, l) => s + BigInt(multiply(l.list.retailPriceMinor, l.quantity)), 0n);
    return {
      currency: lines[0]?.list.currency ?? 'USD',
      lines: quoteLines,
      totalMinor: Number(total),
      retailTotalMinor: Number(retail),
    };
  }

  private async view(em: EntityManager, orderId: string): Promise<VoucherOrderDto> {
    const order = (await this.ledger.findOrder(em, orderId)) as OrderRow;
    return {
      id: order.id,
      institutionId: order.institutionId,
      currency: order.currency,
      totalMinor: Number(order.totalMinor),
      createdAt: new Date(order.createdAt).toISOString(),
      invoice: toInvoiceDto(await this.ledger.invoiceOfOrder(em, orderId)),
      packs: (await this.ledger.packsOfOrder(em, orderId)).map(toPackDto),
    };
  }
}
