import { Injectable } from '@nestjs/common';
import { TickBatcher } from '../../core/database/tick-batcher';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { SchedulingPolicy } from './scheduling-policy';
import { BookingContextRequest, BookingContextRow, SchedulingRepository } from './scheduling.repository';

/** the most contexts one query reads; more asked at once are split */
export const MAX_CONTEXTS_PER_QUERY = 64;
const YY = { n: 0, b: 0, ms: 0 };
if (process.env.XX_STATS)
  setInterval(() => {
    if (YY.n)
      process.stderr.write(
        `context batches=${YY.n} avg=${(YY.b / YY.n).toFixed(1)} ms/batch=${(YY.ms / YY.n).toFixed(2)}\n`,
      );
    YY.n = YY.b = YY.ms = 0;
  }, 1000).unref();

/**
 * Reads the contexts of the bookings asked for in one turn of the event loop with one query
 * (`SchedulingRepository.bookingContexts`): under load one round trip answers several
 * bookings; alone, a booking waits for nothing. It only reads, so nothing is kept between
 * turns and every booking judges what the database holds when it asks.
 */
@Injectable()
export class ContextReader {
  private readonly batcher = new TickBatcher<BookingContextRequest, BookingContextRow | null>(
    async (requests) => {
      const t0 = performance.now();
      try {
        return await this.repository.bookingContexts(
          this.tx.manager,
          requests,
          this.policy.setupBufferMinutes,
        );
      } finally {
        YY.n++;
        YY.b += requests.length;
        YY.ms += performance.now() - t0;
      }
    },
    MAX_CONTEXTS_PER_QUERY,
  );

  constructor(
    private readonly repository: SchedulingRepository,
    private readonly policy: SchedulingPolicy,
    private readonly tx: TransactionRunner,
  ) {}

  /** What a new block of `request` is judged by, with its hints; null when the centre does not exist. */
  read(request: BookingContextRequest): Promise<BookingContextRow | null> {
    return this.batcher.add(request);
  }
}
