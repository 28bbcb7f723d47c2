import { Injectable } from '@nestjs/common';
import { TickBatcher } from '../database/tick-batcher';
import { TransactionRunner } from '../database/transaction-runner';
import { type SessionRow, UsersRepository } from './users.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** the most requests one query answers; a larger batch is split */
export const MAX_BATCH = 500;

/**
 * Reads the session (password change time, memberships) of every request's user, fresh from the
 * database each time, but in one query for all the requests that arrived in the same turn of the
 * event loop: the guards queue their user ids, and once the loop has handled what it received
 * (setImmediate), one `WHERE id = ANY(...)` answers them all. Under load that is one round trip
 * for several requests instead of one each; alone, a request waits for nothing. Nothing is kept
 * between turns, so a revoked role still stops the very next request, on every API process.
 */
@Injectable()
export class SessionLoader {
  private readonly batches = new TickBatcher<string, SessionRow | null>(async (ids) => {
    const sessions = await this.users.loadSessions(this.tx.manager, [...new Set(ids)]);
    return ids.map((id) => sessions.get(id) ?? null);
  }, MAX_BATCH);

  constructor(
    private readonly users: UsersRepository,
    private readonly tx: TransactionRunner,
  ) {}

  load(userId: string): Promise<SessionRow | null> {
    // ids come from tokens we signed; anything else cannot be a user (and must not break a batch)
    if (!UUID.test(userId)) return Promise.resolve(null);
    return this.batches.add(userId);
  }
}
