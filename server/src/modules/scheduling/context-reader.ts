import { Injectable } from '@nestjs/common';
import { TickBatcher } from '../../core/database/tick-batcher';
import { TransactionRunner } from '../../core/database/transaction-runner';
import { SchedulingPolicy } from './scheduling-policy';
import { BookingContextRequest, BookingContextRow, SchedulingRepository } from './scheduling.repository';

/** the most contexts one query reads; more asked at once are split */
export const MAX_CONTEXTS_PER_QUERY = 64;

/**
 * Reads the contexts of the bookings asked for in one turn of the event loop with one query
 * (`SchedulingRepository.bookingContexts`): under load one round trip answers several
 * bookings; alone, a booking waits for nothing. It only reads, so nothing is kept between
 * turns and every booking judges what the database holds when it asks.
 */
@Injectable()
export class ContextReader {
  private readonly batcher = new TickBatcher<BookingContextRequest, BookingContextRow | null>(
    (requests) => this.repository.bookingContexts(this.tx.manager, requests, this.policy.setupBufferMinutes),
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
