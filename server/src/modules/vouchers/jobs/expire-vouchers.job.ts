import { Injectable, Logger } from '@nestjs/common';
import { TransactionRunner } from '../../../core/database/transaction-runner';
import { JobHandler, JobProcessor } from '../../../core/jobs/job-processor';
import { VoucherLedgerRepository } from '../voucher-ledger.repository';

/** Marks unused vouchers past their expiry as expired. Running it twice changes nothing more. */
@Injectable()
@JobProcessor('ExpireVouchersJob')
export class ExpireVouchersJob implements JobHandler<'ExpireVouchersJob'> {
  private readonly logger = new Logger('ExpireVouchersJob');

  constructor(
    private readonly tx: TransactionRunner,
    private readonly ledger: VoucherLedgerRepository,
  ) {}

  async run(): Promise<{ expired: number }> {
    const expired = await this.tx.run((em) => this.ledger.expireOverdue(em));
    if (expired) this.logger.log(`${expired} vouchers expired`);
    return { expired };
  }
}
