import { Injectable } from '@nestjs/common';
import type { MailMessageDto } from '@invigil/contracts';
import { EntityManager } from 'typeorm';
import { MailOutboxRepository, NewMail } from './mail-outbox.repository';

export type MailRequest = NewMail;

const MAILBOX_LIMIT = 100;

/**
 * Transactional outbox: mail is written in the same transaction as the change it reports, so
 * it is sent if and only if the change commits. The worker delivers it.
 */
@Injectable()
export class MailService {
  constructor(private readonly outbox: MailOutboxRepository) {}

  enqueue(em: EntityManager, mail: MailRequest): Promise<string> {
    return this.outbox.insert(em, mail);
  }

  enqueueMany(em: EntityManager, mails: readonly MailRequest[]): Promise<string[]> {
    return this.outbox.insertMany(em, mails);
  }

  /** The development mailbox: the newest messages, to one address or to anyone. */
  async mailbox(em: EntityManager, to?: string): Promise<MailMessageDto[]> {
    const rows = await this.outbox.list(em, to, MAILBOX_LIMIT);
    return rows.map((m) => ({
      id: m.id,
      to: m.to,
      subject: m.subject,
      text: m.text,
      template: m.template,
      status: m.status,
      createdAt: m.createdAt.toISOString(),
      sentAt: m.sentAt ? m.sentAt.toISOString() : null,
    }));
  }
}
