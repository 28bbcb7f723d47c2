import type { TransactionRunner } from '../database/transaction-runner';
import { MAX_BATCH, SessionLoader } from './session-loader';
import type { SessionRow, UsersRepository } from './users.repository';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const session = (n: number): SessionRow => ({
  passwordChangedAt: new Date(n * 1000),
  memberships: [{ role: 'candidate', institutionId: id(9000 + n), certificationBodyId: null }],
});

/** A repository that records each query's ids and answers for the ids it knows. */
function fakeUsers(known: (n: number) => boolean, fail = false) {
  const queries: string[][] = [];
  const users = {
    loadSessions: (_em: unknown, ids: readonly string[]) => {
      queries.push([...ids]);
      if (fail) return Promise.reject(new Error('database down'));
      const found = new Map<string, SessionRow>();
      ids.forEach((u) => {
        const n = Number(u.slice(-12));
        if (known(n)) found.set(u, session(n));
      });
      return Promise.resolve(found);
    },
  } as unknown as UsersRepository;
  const loader = new SessionLoader(users, { manager: {} } as TransactionRunner);
  return { loader, queries };
}

describe('SessionLoader (the request guard reads sessions in batches)', () => {
  it('answers every request that asked in the same turn of the event loop with one query', async () => {
    const { loader, queries } = fakeUsers((n) => n !== 3);
    const asked = [1, 2, 2, 3, 1].map((n) => loader.load(id(n)));
    const answers = await Promise.all(asked);
    expect(queries).toEqual([[id(1), id(2), id(3)]]);
    expect(answers).toEqual([session(1), session(2), session(2), null, session(1)]);
  });

  it('reads afresh on the next turn: nothing is kept between requests', async () => {
    const { loader, queries } = fakeUsers(() => true);
    await loader.load(id(1));
    await loader.load(id(1));
    expect(queries).toEqual([[id(1)], [id(1)]]);
  });

  it('never queries for an id that cannot be a user', async () => {
    const { loader, queries } = fakeUsers(() => true);
    expect(await Promise.all([loader.load('not-a-uuid'), loader.load(id(4))])).toEqual([null, session(4)]);
    expect(queries).toEqual([[id(4)]]);
  });

  it('fails every request of a batch whose query failed, and recovers on the next', async () => {
    const failing = fakeUsers(() => true, true);
    await expect(Promise.all([failing.loader.load(id(1)), failing.loader.load(id(2))])).rejects.toThrow(
      'database down',
    );
    const { loader } = fakeUsers(() => true);
    expect(await loader.load(id(1))).toEqual(session(1));
  });

  it('splits a batch larger than one query may read', async () => {
    const { loader, queries } = fakeUsers(() => true);
    const answers = await Promise.all(
      Array.from({ length: MAX_BATCH + 3 }, (_, n) => loader.load(id(n + 1))),
    );
    expect(queries.map((q) => q.length)).toEqual([MAX_BATCH, 3]);
    expect(answers[MAX_BATCH + 2]).toEqual(session(MAX_BATCH + 3));
  });
});
