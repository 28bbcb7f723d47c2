import { REMINDER_SWEEP_AHEAD_MS, remindersDueSoon } from './booking-notifications';

describe('remindersDueSoon', () => {
  const HOUR = 3_600_000;
  const DAY = 24 * HOUR;
  const start = new Date('2027-03-10T14:00:00Z');
  const kinds = (now: number) => remindersDueSoon('b1', start, now).map((j) => [j.kind, j.delayMs]);

  it('leaves every reminder of a block weeks away to the sweep', () => {
    expect(kinds(start.getTime() - 30 * DAY)).toEqual([]);
    expect(kinds(start.getTime() - 7 * DAY - REMINDER_SWEEP_AHEAD_MS - 1)).toEqual([]);
  });

  it('queues a reminder that falls due within the sweep horizon, with the delay to its time', () => {
    expect(kinds(start.getTime() - 7 * DAY - REMINDER_SWEEP_AHEAD_MS)).toEqual([
      ['7d', REMINDER_SWEEP_AHEAD_MS],
    ]);
    expect(kinds(start.getTime() - 7 * DAY - 1)).toEqual([['7d', 1]]);
    expect(kinds(start.getTime() - DAY - 30 * 60_000)).toEqual([['1d', 30 * 60_000]]);
  });

  it('queues nothing already due: the sweep decides whether a late one is still worth sending', () => {
    expect(kinds(start.getTime() - 7 * DAY)).toEqual([]);
    expect(kinds(start.getTime() - 3 * DAY)).toEqual([]);
    expect(kinds(start.getTime() - HOUR)).toEqual([]);
  });

  it('names the block, the kind and the start of each job', () => {
    expect(remindersDueSoon('b1', start, start.getTime() - DAY - HOUR)).toEqual([
      { bookingId: 'b1', kind: '1d', startsAt: start, delayMs: HOUR },
    ]);
  });
});
