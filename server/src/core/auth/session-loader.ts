import { Injectable } from '@nestjs/common';
import { TransactionRunner } from '../database/transaction-runner';
import { type SessionRow, UsersRepository } from './users.repository';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** the most users one query reads; a larger batch is split */
export const MAX_BATCH = 500;

interface Waiter {
  resolve: (session: SessionRow | null) => void;
  reject: (error: unknown) => void;
}

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
  private waiting = new Map<string, Waiter[]>();
  private scheduled = false;

  constructor(
    private readonly users: UsersRepository,
    private readonly tx: TransactionRunner,
  ) {}

  load(userId: string): Promise<SessionRow | null> {
    // ids come from tokens we signed; anything else cannot be a user (and must not break a batch)
    if (!UUID.test(userId)) return Promise.resolve(null);
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(userId);
      if (waiters) waiters.push({ resolve, reject });
      else this.waiting.set(userId, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = [...this.waiting];
    this.waiting = new Map();
    this.scheduled = false;
    for (let i = 0; i < batch.length; i += MAX_BATCH) void this.answer(batch.slice(i, i + MAX_BATCH));
  }

  private async answer(batch: [string, Waiter[]][]): Promise<void> {
    try {
      const sessions = await this.users.loadSessions(
        this.tx.manager,
        batch.map(([id]) => id),
      );
      for (const [id, waiters] of batch) for (const w of waiters) w.resolve(sessions.get(id) ?? null);
    } catch (error) {
      for (const [, waiters] of batch) for (const w of waiters) w.reject(error);
    }
  }
}
