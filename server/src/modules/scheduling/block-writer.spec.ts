import type { EntityManager } from 'typeorm';
import type { TransactionRunner } from '../../core/database/transaction-runner';
import { BlockWriter } from './block-writer';
import { BlockRefused, BookedBlock, NewBlock, SchedulingRepository } from './scheduling.repository';

const HOUR = 3_600_000;
const base = Date.UTC(2027, 0, 10, 8);

function block(id: string, hour: number): NewBlock {
  const start = new Date(base + hour * HOUR);
  return {
    id,
    centreId: 'c',
    institutionId: 'i',
    examId: 'e',
    deliveryMode: 'online_proctored',
    seats: 1,
    labId: null,
    vmPoolId: 'p',
    startsAt: start,
    endsAt: new Date(start.getTime() + HOUR),
    status: 'confirmed',
    holdMinutes: 10,
    bookedBy: 'u',
    windowOverrideReason: null,
    vmHours: [start],
    bookableStatus: 'accredited',
    proctors: { pick: { count: 1 } },
    audit: { actorIp: null, action: 'booking.booked', details: {} },
    localDay: '2027-01-10',
    mail: null,
  };
}

const booked = (id: string): BookedBlock => ({
  centreOk: true,
  picked: 1,
  booking: { holdExpiresAt: null, createdAt: new Date(0), updatedAt: new Date(0) },
  proctors: [{ bookingId: id, userId: 'p1', displayName: 'P', email: 'p@example.com' }],
  foundProctorIds: ['p1'],
});

const short = () =>
  new BlockRefused({ code: 'IV001', constraint: null, detail: '{"left":0}', message: 'not enough VMs' });

/**
 * A fake repository that answers each block by id: the writer's own logic (what goes together,
 * in which order, who gets which answer, what is tried again alone) is what is tested here; the
 * statement itself is tested against PostgreSQL in scheduling-batched-booking.int-spec.
 */
function writerWith(answer: (blocks: readonly NewBlock[]) => Promise<(BookedBlock | BlockRefused)[]>) {
  const calls: string[][] = [];
  const manager = {} as EntityManager;
  const repository = {
    bookBlocks: (_em: EntityManager, blocks: readonly NewBlock[]) => {
      calls.push(blocks.map((b) => b.id));
      return answer(blocks);
    },
  } as unknown as SchedulingRepository;
  const writer = new BlockWriter(repository, { manager } as TransactionRunner);
  return { writer, calls, manager };
}

describe('BlockWriter (the blocks of one turn in one statement, each answered on its own)', () => {
  it('sends the blocks of one turn together, earliest hour first, and gives each caller its own answer', async () => {
    const { writer, calls } = writerWith((blocks) =>
      Promise.resolve(blocks.map((b) => (b.id === 'short' ? short() : booked(b.id)))),
    );
    const results = await Promise.allSettled([
      writer.write(block('late', 5)),
      writer.write(block('short', 3)),
      writer.write(block('early', 1)),
    ]);
    expect(calls).toEqual([['early', 'short', 'late']]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: booked('late') });
    expect(results[1].status).toBe('rejected');
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(BlockRefused);
    expect(((results[1] as PromiseRejectedResult).reason as BlockRefused).code).toBe('IV001');
    expect(results[2]).toEqual({ status: 'fulfilled', value: booked('early') });
  });

  it('tries each block again alone when the statement as a whole failed (nothing of it was committed)', async () => {
    const { writer, calls } = writerWith((blocks) =>
      blocks.length > 1
        ? Promise.reject(new Error('deadlock detected'))
        : Promise.resolve(blocks.map((b) => booked(b.id))),
    );
    const results = await Promise.all([writer.write(block('a', 1)), writer.write(block('b', 2))]);
    expect(results).toEqual([booked('a'), booked('b')]);
    expect(calls).toEqual([['a', 'b'], ['a'], ['b']]);
  });

  it("books a block alone, and at once, inside a caller's transaction", async () => {
    const { writer, calls } = writerWith((blocks) => Promise.resolve(blocks.map((b) => booked(b.id))));
    const inTransaction = {} as EntityManager;
    const [inside, outside] = await Promise.all([
      writer.write(block('inside', 1), inTransaction),
      writer.write(block('outside', 2)),
    ]);
    expect(inside).toEqual(booked('inside'));
    expect(outside).toEqual(booked('outside'));
    expect(calls).toEqual([['inside'], ['outside']]);
  });
});
