import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { rowsOf } from '../database/query-result';
import { MailMessageEntity } from './mail-message.entity';

export interface NewMail {
  to: string;
  subject: string;
  text: string;
  /** what kind of message, e.g. `invitation`, `voucher-assigned` */
  template: string;
}

export interface ClaimedMail extends NewMail {
  id: string;
  /** failed attempts so far */
  attempts: number;
}

/** All SQL of the mail outbox. */
@Injectable()
export class MailOutboxRepository {
  async insert(em: EntityManager, mail: NewMail): Promise<string> {
    const [id] = await this.insertMany(em, [mail]);
    return id;
  }

  /** One statement for any number of messages (a bulk invitation writes thousands). */
  async insertMany(em: EntityManager, mails: readonly NewMail[]): Promise<string[]> {
    if (mails.length === 0) return [];
    const rows = await em.query<{ id: string }[]>(
      `INSERT INTO mail_outbox (to_address, subject, text_body, template)
       SELECT lower(t.to_address), t.subject, t.text_body, t.template
         FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY
              AS t(to_address, subject, text_body, template, n)
        ORDER BY t.n
       RETURNING id`,
      [
        mails.map((m) => m.to),
        mails.map((m) => m.subject),
        mails.map((m) => m.text),
        mails.map((m) => m.template),
      ],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Claims up to `limit` due messages for `leaseMs`. SKIP LOCKED lets several workers sweep at
   * once without taking the same rows; pushing `next_attempt_at` past the lease hides the rows
   * from other sweeps while they are being sent, and brings them back if this worker dies.
   */
  async claimDue(em: EntityManager, limit: number, leaseMs: number): Promise<ClaimedMail[]> {
    return rowsOf<ClaimedMail>(
      await em.query(
        `UPDATE mail_outbox m
            SET next_attempt_at = now() + make_interval(secs => $2::double precision / 1000)
           FROM (SELECT id FROM mail_outbox
                  WHERE status = 'pending' AND next_attempt_at <= now()
                  ORDER BY next_attempt_at
                  LIMIT $1
                  FOR UPDATE SKIP LOCKED) due
          WHERE m.id = due.id
      RETURNING m.id, m.to_address AS "to", m.subject, m.text_body AS "text", m.template, m.attempts`,
        [limit, leaseMs],
      ),
    );
  }

  async markSent(em: EntityManager, id: string, transport: string): Promise<void> {
    await em.query(
      `UPDATE mail_outbox
          SET status = 'sent', sent_at = now(), transport = $2, attempts = attempts + 1, last_error = NULL
        WHERE id = $1 AND status = 'pending'`,
      [id, transport],
    );
  }

  /** Records a failed attempt: retry after `retryInMs`, or `null` to give up (status `dead`). */
  async markFailed(em: EntityManager, id: string, error: string, retryInMs: number | null): Promise<void> {
    await em.query(
      `UPDATE mail_outbox
          SET attempts = attempts + 1,
              last_error = left($2, 1000),
              status = CASE WHEN $3::double precision IS NULL THEN 'dead' ELSE 'pending' END,
              next_attempt_at = now() + make_interval(secs => coalesce($3::double precision, 0) / 1000)
        WHERE id = $1 AND status = 'pending'`,
      [id, error, retryInMs],
    );
  }

  /** Newest first; `to` narrows to one recipient. */
  list(em: EntityManager, to: string | undefined, limit: number): Promise<MailMessageEntity[]> {
    return em.find(MailMessageEntity, {
      where: to ? { to: to.toLowerCase() } : {},
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}
