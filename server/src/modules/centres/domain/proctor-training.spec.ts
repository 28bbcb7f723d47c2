import {
  canTrain,
  coveredOn,
  currentlyTrained,
  latestTraining,
  localToday,
  parseLocalDate,
  trainedUntil,
  trainingCover,
  trainingDateProblem,
} from './proctor-training';

describe('proctor training: how long it lasts', () => {
  it('lapses exactly 12 months later: covered the day before, not on the day', () => {
    expect(trainedUntil('2025-03-10')).toBe('2026-03-10');
    expect(currentlyTrained([{ trainedOn: '2025-03-10' }], '2026-03-09')).toBe(true);
    expect(currentlyTrained([{ trainedOn: '2025-03-10' }], '2026-03-10')).toBe(false);
  });

  it('counts from the day of training itself, not before it', () => {
    expect(currentlyTrained([{ trainedOn: '2025-03-10' }], '2025-03-10')).toBe(true);
    expect(currentlyTrained([{ trainedOn: '2025-03-10' }], '2025-03-09')).toBe(false);
  });

  it('is never trained without a training', () => {
    expect(currentlyTrained([], '2025-01-01')).toBe(false);
    expect(latestTraining([])).toBeNull();
  });
});

describe('proctor training: leap days and month ends', () => {
  it('lets a 29 February training lapse on 28 February (never more than 12 months)', () => {
    expect(trainedUntil('2024-02-29')).toBe('2025-02-28');
    expect(currentlyTrained([{ trainedOn: '2024-02-29' }], '2025-02-27')).toBe(true);
    expect(currentlyTrained([{ trainedOn: '2024-02-29' }], '2025-02-28')).toBe(false);
  });

  it('keeps a 28 February training until 28 February into a leap year', () => {
    expect(trainedUntil('2023-02-28')).toBe('2024-02-28');
    expect(currentlyTrained([{ trainedOn: '2023-02-28' }], '2024-02-27')).toBe(true);
  });

  it('refuses dates that do not exist', () => {
    expect(parseLocalDate('2025-02-29')).toBeNull();
    expect(parseLocalDate('2025-13-01')).toBeNull();
    expect(parseLocalDate('2025-1-01')).toBeNull();
    expect(parseLocalDate('2024-02-29')?.toISODate()).toBe('2024-02-29');
    expect(() => currentlyTrained([], 'tomorrow')).toThrow(RangeError);
  });
});

describe('proctor training: renewal', () => {
  const trainings = [{ trainedOn: '2024-01-15' }, { trainedOn: '2025-01-10' }];

  it('extends the cover from the newer training', () => {
    expect(latestTraining(trainings)).toEqual({ trainedOn: '2025-01-10' });
    expect(currentlyTrained(trainings, '2025-01-20')).toBe(true);
    expect(currentlyTrained(trainings, '2026-01-09')).toBe(true);
    expect(currentlyTrained(trainings, '2026-01-10')).toBe(false);
  });

  it('leaves a gap when renewal came after the lapse', () => {
    expect(currentlyTrained(trainings, '2025-01-14')).toBe(true);
    const late = [{ trainedOn: '2024-01-15' }, { trainedOn: '2025-03-01' }];
    expect(currentlyTrained(late, '2025-02-01')).toBe(false);
    expect(currentlyTrained(late, '2025-03-01')).toBe(true);
  });
});

describe('proctor training: train-the-trainer', () => {
  it('lets a trainer covered on the day train, including one trained that same day', () => {
    expect(canTrain([{ trainedOn: '2025-05-01' }], '2025-06-01')).toEqual({ ok: true });
    expect(canTrain([{ trainedOn: '2025-06-01' }], '2025-06-01')).toEqual({ ok: true });
  });

  it('refuses an untrained trainer, one trained only later, and one whose training lapsed', () => {
    expect(canTrain([], '2025-06-01')).toMatchObject({
      ok: false,
      reason: expect.stringContaining('no training'),
    });
    expect(canTrain([{ trainedOn: '2025-06-02' }], '2025-06-01')).toMatchObject({ ok: false });
    expect(canTrain([{ trainedOn: '2024-06-01' }], '2025-06-01')).toEqual({
      ok: false,
      reason: "the trainer's training of 2024-06-01 lapsed on 2025-06-01",
    });
  });
});

describe('proctor training: dates in the centre zone', () => {
  it('takes today from the centre wall calendar', () => {
    const now = new Date('2025-06-01T02:30:00Z');
    expect(localToday('America/Toronto', now)).toBe('2025-05-31');
    expect(localToday('Europe/London', now)).toBe('2025-06-01');
    expect(localToday('Pacific/Kiritimati', new Date('2025-05-31T11:00:00Z'))).toBe('2025-06-01');
  });

  it('refuses a training date in the future of the centre, or not a date', () => {
    expect(trainingDateProblem('2025-06-01', '2025-05-31')).toContain('future');
    expect(trainingDateProblem('2025-05-31', '2025-05-31')).toBeNull();
    expect(trainingDateProblem('31/05/2025', '2025-05-31')).toContain('yyyy-MM-dd');
    expect(trainingDateProblem('0000-01-01', '2025-05-31')).toContain('before 2000-01-01');
  });
});

describe('proctor training: cover checked for many days at once', () => {
  it('covers the same days as currentlyTrained, from the training day up to its lapse', () => {
    const trainings = [{ trainedOn: '2025-03-10' }, { trainedOn: '2024-02-29' }];
    const cover = trainingCover(trainings);
    expect(cover).toEqual([
      { from: '2025-03-10', until: '2026-03-10' },
      { from: '2024-02-29', until: '2025-02-28' },
    ]);
    for (const day of [
      '2024-02-28',
      '2024-02-29',
      '2025-02-27',
      '2025-02-28',
      '2025-03-10',
      '2026-03-09',
      '2026-03-10',
    ]) {
      expect(coveredOn(cover, day)).toBe(currentlyTrained(trainings, day));
    }
    expect(coveredOn(cover, '2025-03-01')).toBe(false);
  });
});
