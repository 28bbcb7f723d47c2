import { parseClassRoster, ROSTER_LIMITS } from './class-roster';

describe('class roster: files that are refused whole', () => {
  it.each([
    ['no header with an email column', 'name,role\nAda,candidate\n', 'email column'],
    ['an empty file', '', 'email column'],
    ['a header only', 'email,role\n', 'no one'],
    ['an unclosed quote', 'email\n"a@example.org\n', 'could not be read'],
  ])('refuses %s', (_what, csv, message) => {
    const result = parseClassRoster(csv, 'candidate');
    expect(result.ok).toBe(false);
    expect(!result.ok && result.error).toContain(message);
  });

  it('refuses more rows than the limit', () => {
    const rows = Array.from({ length: ROSTER_LIMITS.maxRows + 1 }, (_, i) => `p${i}@example.org`);
    const result = parseClassRoster(`email\n${rows.join('\n')}\n`, 'candidate');
    expect(!result.ok && result.error).toContain(`at most ${ROSTER_LIMITS.maxRows}`);
    const atLimit = parseClassRoster(`email\n${rows.slice(1).join('\n')}\n`, 'candidate');
    expect(atLimit.ok && atLimit.entries).toHaveLength(ROSTER_LIMITS.maxRows);
  });

  it('refuses a file over the size limit', () => {
    const result = parseClassRoster(
      `email,name\na@example.org,${'x'.repeat(ROSTER_LIMITS.maxBytes)}\n`,
      'candidate',
    );
    expect(!result.ok && result.error).toContain('larger than');
  });
});
