import { Injectable } from '@nestjs/common';
import { TickBatcher } from '../../core/database/tick-batcher';
import { TransactionRunner } from '../../core/database/transaction-runner';
import {
  RedemptionKey,
  RedemptionOutcome,
  RedemptionRequest,
  VoucherLedgerRepository,
} from './voucher-ledger.repository';

/** the most redemptions one statement makes; more asked at once are split */
export const MAX_REDEMPTIONS_PER_STATEMENT = 200;

/**
 * Sends the redemptions asked in one turn of the event loop to the database as one statement
 * (see `VoucherLedgerRepository.redeem`): under load, one round trip and one commit for several
 * requests instead of one each; alone, a request waits for nothing. Exactly-once stays the
 * database's: each request is its own conditional update inside the statement.
 *
 * A statement answers all or none of its requests, so after a failed one (a deadlock with
 * another statement, say) each request is tried again alone, and one request's failure stays
 * its own. Nothing of a failed statement was committed, so trying again redeems nothing twice.
 */
@Injectable()
export class RedemptionBatcher {
  private readonly batches: Record<RedemptionKey, TickBatcher<RedemptionRequest, RedemptionOutcome>> = {
    code_hash: this.batcher('code_hash'),
    id: this.batcher('id'),
  };

  constructor(
    private readonly ledger: VoucherLedgerRepository,
    private readonly tx: TransactionRunner,
  ) {}

  redeem(column: RedemptionKey, request: RedemptionRequest): Promise<RedemptionOutcome> {
    return this.batches[column].add(request);
  }

  private batcher(column: RedemptionKey): TickBatcher<RedemptionRequest, RedemptionOutcome> {
    return new TickBatcher(async (requests) => {
      try {
        return await this.ledger.redeem(this.tx.manager, column, requests);
      } catch (error) {
        if (requests.length === 1) throw error;
        return requests.map(async (r) => (await this.ledger.redeem(this.tx.manager, column, [r]))[0]);
      }
    }, MAX_REDEMPTIONS_PER_STATEMENT);
  }
}
