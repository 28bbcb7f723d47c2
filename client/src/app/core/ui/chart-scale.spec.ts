import { barPercent, chartScale } from './chart-scale';

describe('bar chart scale', () => {
  it('rounds the axis up to a readable maximum with even ticks', () => {
    expect(chartScale(30)).toEqual({ max: 30, ticks: [0, 10, 20, 30] });
    expect(chartScale(31)).toEqual({ max: 40, ticks: [0, 10, 20, 30, 40] });
    expect(chartScale(530)).toEqual({ max: 600, ticks: [0, 200, 400, 600] });
    expect(chartScale(1500)).toEqual({ max: 1500, ticks: [0, 500, 1000, 1500] });
  });

  it('keeps whole-number steps for small counts', () => {
    expect(chartScale(3)).toEqual({ max: 3, ticks: [0, 1, 2, 3] });
    expect(chartScale(1)).toEqual({ max: 1, ticks: [0, 1] });
  });

  it('still draws an axis when everything is zero', () => {
    expect(chartScale(0)).toEqual({ max: 1, ticks: [0, 1] });
  });

  it('allows fractional steps when asked', () => {
    expect(chartScale(1, 4, false).ticks).toEqual([0, 0.25, 0.5, 0.75, 1]);
  });

  it('sizes bars as a share of the axis, clamped to it', () => {
    expect(barPercent(10, 40)).toBe(25);
    expect(barPercent(0, 40)).toBe(0);
    expect(barPercent(50, 40)).toBe(100);
    expect(barPercent(5, 0)).toBe(0);
    expect(barPercent(-3, 10)).toBe(0);
  });
});
