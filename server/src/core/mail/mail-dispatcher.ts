import { Inject, Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner';
import { MailOutboxRepository } from './mail-outbox.repository';
import { afterFailedDelivery, MAX_MAIL_ATTEMPTS } from './mail-retry-policy';
import { MAIL_TRANSPORT, MailTransport } from './mail-transport';

/** Messages claimed and sent together. */
const BATCH = 20;
/** A sweep stops after this many batches so one run never hogs the worker. */
const MAX_BATCHES_PER_SWEEP = 25;
/** How long a claimed message stays hidden from other sweeps; longer than the SMTP timeouts. */
const CLAIM_LEASE_MS = 2 * 60_000;

export interface SweepResult {
  sent: number;
  retrying: number;
  dead: number;
}

/**
 * Delivers the outbox: run by the worker's repeatable SweepMailOutboxJob, and callable directly.
 * Delivery is at least once: a worker that dies mid-send leaves its claim to expire, and the
 * message is sent again by a later sweep.
 */
@Injectable()
export class MailDispatcher {
  private readonly logger = new Logger('Mail');

  constructor(
    private readonly tx: TransactionRunner,
    private readonly outbox: MailOutboxRepository,
    @Inject(MAIL_TRANSPORT) private readonly transport: MailTransport,
  ) {}

  /** Sends every due message (up to a cap); returns how many were sent, retried later, given up on. */
  async sweep(): Promise<SweepResult> {
    const result: SweepResult = { sent: 0, retrying: 0, dead: 0 };
    for (let batch = 0; batch < MAX_BATCHES_PER_SWEEP; batch++) {
      // the claim commits at once: no transaction stays open while talking to a mail server
      const claimed = await this.tx.run((em) => this.outbox.claimDue(em, BATCH, CLAIM_LEASE_MS));
      const outcomes = await Promise.all(claimed.map((message) => this.deliver(message)));
      for (const outcome of outcomes) result[outcome]++;
      if (claimed.length < BATCH) break;
    }
    return result;
  }

  private async deliver(message: {
    id: string;
    to: string;
    subject: string;
    text: string;
    attempts: number;
  }): Promise<keyof SweepResult> {
    try {
      await this.transport.send({ to: message.to, subject: message.subject, text: message.text });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      const next = afterFailedDelivery(message.attempts, MAX_MAIL_ATTEMPTS);
      await this.tx.run((em) =>
        this.outbox.markFailed(em, message.id, reason, next.status === 'dead' ? null : next.retryInMs),
      );
      if (next.status === 'dead') {
        this.logger.error(`Gave up on mail ${message.id} after ${MAX_MAIL_ATTEMPTS} attempts: ${reason}`);
        return 'dead';
      }
      return 'retrying';
    }
    await this.tx.run((em) => this.outbox.markSent(em, message.id, this.transport.name));
    return 'sent';
  }
}
