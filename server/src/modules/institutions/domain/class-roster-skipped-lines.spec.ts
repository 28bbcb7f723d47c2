import { parseClassRoster, ROSTER_LIMITS } from './class-roster';

const ok = (csv: string, defaultRole: 'instructor' | 'proctor' | 'candidate' = 'candidate') => {
  const result = parseClassRoster(csv, defaultRole);
  if (!result.ok) throw new Error(result.error);
  return result;
};

describe('class roster: lines that are skipped', () => {
  it('reports each bad line with its number and reason and keeps the good ones', () => {
    const result = ok(
      [
        'email,role',
        'good@example.org,candidate',
        'not-an-email,candidate',
        ',proctor',
        'who@example.org,janitor',
        'good@example.org,Candidate',
        'good@example.org,proctor',
        'boss@example.org,institution admin',
      ].join('\n'),
    );
    expect(result.entries.map((e) => [e.line, e.email, e.role])).toEqual([
      [2, 'good@example.org', 'candidate'],
      [7, 'good@example.org', 'proctor'],
    ]);
    expect(result.skipped).toEqual([
      { line: 3, email: 'not-an-email', reason: 'not an email address' },
      { line: 4, email: '', reason: 'email is missing' },
      { line: 5, email: 'who@example.org', reason: expect.stringContaining('unknown role "janitor"') },
      { line: 6, email: 'good@example.org', reason: 'duplicate of line 2' },
      { line: 8, email: 'boss@example.org', reason: expect.stringContaining('one at a time') },
    ]);
  });

  it('skips names that are too long', () => {
    const result = ok(`email,name\na@example.org,${'x'.repeat(ROSTER_LIMITS.maxNameLength + 1)}\n`);
    expect(result.skipped[0].reason).toContain('name is longer');
  });
});
