import { checkBookingWindow, effectiveWindow, PLATFORM_DEFAULT_WINDOW } from './booking-window-policy';

const now = new Date('2026-04-01T12:00:00Z');
const days = (n: number) => new Date(now.getTime() + n * 86_400_000);
const peaks = [{ starts: new Date('2026-05-15T00:00:00Z'), ends: new Date('2026-06-15T00:00:00Z') }];

describe('booking window: lead time and horizon', () => {
  it('refuses a block sooner than 14 days and says when booking opens', () => {
    expect(checkBookingWindow(PLATFORM_DEFAULT_WINDOW, [], days(13), now)).toEqual({
      bookable: false,
      reason: 'too-soon',
      earliest: days(14),
      latest: days(120),
    });
    expect(checkBookingWindow(PLATFORM_DEFAULT_WINDOW, [], days(14), now)).toEqual({ bookable: true });
  });

  it('refuses beyond 120 days', () => {
    expect(checkBookingWindow(PLATFORM_DEFAULT_WINDOW, [], days(121), now)).toMatchObject({
      bookable: false,
      reason: 'too-far',
    });
    expect(checkBookingWindow(PLATFORM_DEFAULT_WINDOW, [], days(120), now)).toEqual({ bookable: true });
  });

  it('refuses the past whatever the override', () => {
    expect(checkBookingWindow(PLATFORM_DEFAULT_WINDOW, [], days(-1), now, true)).toMatchObject({
      reason: 'in-the-past',
    });
  });
});

describe('booking window: peak periods', () => {
  it('raises the lead time to 21 days inside a peak period', () => {
    const inPeak = new Date('2026-05-20T12:00:00Z'); // 49 days ahead: fine
    expect(checkBookingWindow(PLATFORM_DEFAULT_WINDOW, peaks, inPeak, now)).toEqual({ bookable: true });
    const lateNow = new Date('2026-05-01T12:00:00Z'); // 19 days before a peak block
    expect(checkBookingWindow(PLATFORM_DEFAULT_WINDOW, peaks, inPeak, lateNow)).toMatchObject({
      bookable: false,
      reason: 'too-soon-peak',
    });
  });
});

describe('booking window: institution rules and operator override', () => {
  it('lets an institution be stricter but never looser', () => {
    expect(effectiveWindow(PLATFORM_DEFAULT_WINDOW, { minLeadDays: 28, maxHorizonDays: 60 })).toEqual({
      minLeadDays: 28,
      peakMinLeadDays: 21,
      maxHorizonDays: 60,
    });
    expect(effectiveWindow(PLATFORM_DEFAULT_WINDOW, { minLeadDays: 3, maxHorizonDays: 365 })).toEqual(
      PLATFORM_DEFAULT_WINDOW,
    );
  });

  it('lets the operator lift the lead time but not the horizon', () => {
    expect(checkBookingWindow(PLATFORM_DEFAULT_WINDOW, peaks, days(2), now, true)).toEqual({
      bookable: true,
    });
    expect(checkBookingWindow(PLATFORM_DEFAULT_WINDOW, peaks, days(200), now, true)).toMatchObject({
      reason: 'too-far',
    });
  });
});
