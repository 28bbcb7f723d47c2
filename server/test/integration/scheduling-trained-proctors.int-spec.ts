import { DateTime } from 'luxon';
import { TransactionRunner } from '../../src/core/database/transaction-runner';
import { CentresService } from '../../src/modules/centres/centres.service';
import { BookedBlock, SchedulingRepository } from '../../src/modules/scheduling/scheduling.repository';
import { assignProctor, recordTraining } from '../factories/centres.factory';
import { createUser, grantRole } from '../factories/identity.factory';
import { newBlock, schedulingWorld, SchedulingWorld } from '../factories/scheduling.factory';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A booking judges the centre's proctors with the SQL rule (`TRAINED`, read here through
 * `bookingContext`; the write that picks proctors uses the same fragment); everywhere else the
 * TypeScript rule of `currentlyTrained` decides. The two must agree on every day, month ends and
 * leap days included.
 */
describe('scheduling: trained proctors, SQL and TypeScript rules agree', () => {
  let t: TestApp;
  let w: SchedulingWorld;
  const zone = 'Pacific/Auckland';

  beforeAll(async () => {
    t = await startTestApp();
    w = await schedulingWorld(t.api, t.pool, { proctors: 0, zone });
  });
  afterAll(() => t.close());

  it('gives the same proctors for each local day around the end of their training cover', async () => {
    const trainedOn = ['2024-02-29', '2024-01-31', '2023-12-01', '2024-03-31'];
    for (const [i, day] of trainedOn.entries()) {
      const user = await createUser(t.pool);
      await grantRole(t.pool, user.id, 'proctor', { institutionId: w.institution.id });
      await assignProctor(t.pool, w.centre.id, user.id);
      await recordTraining(t.pool, w.centre.id, user.id, day);
      // one of them later loses the proctor role: trained, but no longer a proctor
      if (i === 3)
        await t.pool.query(`DELETE FROM memberships WHERE user_id = $1 AND role = 'proctor'`, [user.id]);
    }
    const repository = t.app.get(SchedulingRepository);
    const centres = t.app.get(CentresService);
    const em = t.app.get(TransactionRunner).manager;
    const days = [
      '2023-11-30',
      '2023-12-01',
      '2024-01-30',
      '2024-01-31',
      '2024-02-28',
      '2024-02-29',
      '2024-03-31',
      '2024-11-30',
      '2024-12-01',
      '2025-01-30',
      '2025-01-31',
      '2025-02-27',
      '2025-02-28',
      '2025-03-01',
      '2025-03-30',
      '2025-03-31',
    ];
    let someTrained = 0;
    for (const day of days) {
      // the first and last instants of the centre's local day: both must read as that day
      const first = DateTime.fromISO(day, { zone }).startOf('day').toJSDate();
      const last = DateTime.fromISO(day, { zone }).endOf('day').toJSDate();
      const expected = [...(await centres.currentlyTrainedProctorIds(w.centre.id, day))].sort();
      someTrained += expected.length;
      for (const at of [first, last]) {
        const context = await repository.bookingContext(em, w.centre.id, w.exam.id, w.instructor.user.id, at);
        expect({ day, at: at.toISOString(), ids: context?.trainedProctorIds }).toEqual({
          day,
          at: at.toISOString(),
          ids: expected,
        });
      }
      // the booking statement (book_blocks) has its own copy of the rule: asked for every
      // proctor there is, it takes exactly the trained ones, and so cannot book the block
      // when one more is needed than are trained
      const start = DateTime.fromISO(`${day}T09:00`, { zone }).toJSDate();
      const picked = await repository.bookBlocks(em, [
        newBlock(w, start, { localDay: day, pick: expected.length, seats: pickSeats(expected.length) }),
        newBlock(w, new Date(start.getTime() + 2 * 3_600_000), {
          localDay: day,
          pick: expected.length + 1,
          seats: pickSeats(expected.length + 1),
        }),
      ]);
      const [taken, tooMany] = picked as BookedBlock[];
      expect({ day, ids: taken.proctors.map((p) => p.userId).sort() }).toEqual({ day, ids: expected });
      expect({ day, booked: tooMany.booking !== null, picked: tooMany.picked }).toEqual({
        day,
        booked: false,
        picked: expected.length,
      });
    }
    expect(someTrained).toBeGreaterThan(0);
  });
});

/** Seats that need `proctors` proctors online (20 candidates each), at least one seat. */
const pickSeats = (proctors: number) => Math.max(1, proctors) * 20;
