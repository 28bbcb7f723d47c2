import { startWindow } from './start-window';

describe('the window for starting a block’s exams', () => {
  const block = { start: '2026-12-10T15:00:00Z', end: '2026-12-10T16:00:00Z' };
  const at = (iso: string) => Date.parse(iso);

  it('opens 30 minutes before the block and closes at its end', () => {
    expect(startWindow(block, at('2026-12-10T14:29:59Z'))).toBe('too-early');
    expect(startWindow(block, at('2026-12-10T14:30:00Z'))).toBe('open');
    expect(startWindow(block, at('2026-12-10T15:59:59Z'))).toBe('open');
    expect(startWindow(block, at('2026-12-10T16:00:00Z'))).toBe('closed');
  });
});
