import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { AppConfig } from '../../../core/config/app-config';
import { TransactionRunner } from '../../../core/database/transaction-runner';
import { JobHandler, JobProcessor } from '../../../core/jobs/job-processor';
import type { JobPayloads } from '../../../core/jobs/queues';
import { MailService } from '../../../core/mail/mail.service';
import { formatWithZoneName } from '../../../core/time/zone-name';
import { VoucherLedgerRepository } from '../voucher-ledger.repository';

export const EXPIRY_WARNING_DAYS = 30;

/**
 * Warns institution admins of packs with unused vouchers expiring within 30 days. The warning
 * row and the mail commit together, and a pack is warned at most once a day, so the job is safe
 * to run twice.
 */
@Injectable()
@JobProcessor('WarnExpiringVouchersJob')
export class WarnExpiringVouchersJob implements JobHandler<'WarnExpiringVouchersJob'> {
  constructor(
    private readonly tx: TransactionRunner,
    private readonly ledger: VoucherLedgerRepository,
    private readonly mail: MailService,
    private readonly config: AppConfig,
  ) {}

  run(data: JobPayloads['WarnExpiringVouchersJob']): Promise<{ packsWarned: number }> {
    const today = data.today ?? DateTime.utc().toISODate();
    return this.tx.run(async (em) => {
      const packs = await this.ledger.recordExpiryWarnings(em, EXPIRY_WARNING_DAYS, today);
      for (const pack of packs) {
        const zone = (await this.ledger.institutionZone(em, pack.institutionId)) ?? 'UTC';
        const when = formatWithZoneName(new Date(pack.expiresAt), zone, "d LLL yyyy 'at' HH:mm");
        for (const admin of await this.ledger.institutionAdminEmails(em, pack.institutionId)) {
          await this.mail.enqueue(em, {
            to: admin.email,
            subject: `${pack.expiring} ${pack.examCode} vouchers expire on ${when}`,
            text: [
              `${pack.expiring} unused ${pack.examCode} vouchers of one of your packs expire on ${when}.`,
              `Assign them to candidates before then: ${this.config.PUBLIC_URL}/institution/vouchers`,
            ].join('\n\n'),
            template: 'vouchers-expiring',
          });
        }
      }
      return { packsWarned: packs.length };
    });
  }
}
