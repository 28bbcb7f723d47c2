import { parseClassRoster } from './class-roster';

const ok = (csv: string, defaultRole: 'instructor' | 'proctor' | 'candidate' = 'candidate') => {
  const result = parseClassRoster(csv, defaultRole);
  if (!result.ok) throw new Error(result.error);
  return result;
};

describe('class roster: reading the file', () => {
  it('reads email, role and name columns in any order and case, ignoring others', () => {
    const result = ok(
      'Student No,Name,EMAIL,Role\n1,Ada Lovelace, Ada@Example.org ,Proctor\n2,,bob@example.org,\n',
    );
    expect(result.entries).toEqual([
      { line: 2, email: 'ada@example.org', role: 'proctor', name: 'Ada Lovelace' },
      { line: 3, email: 'bob@example.org', role: 'candidate', name: null },
    ]);
    expect(result.skipped).toEqual([]);
  });

  it('uses the default role when there is no role column', () => {
    expect(ok('email\nx@example.org\n', 'instructor').entries[0].role).toBe('instructor');
  });

  it('accepts a byte-order mark, CRLF line ends, quoted fields and blank lines', () => {
    const result = ok('\uFEFFemail,name\r\n"a@example.org","Doe, Jane"\r\n\r\nb@example.org,Bo\r\n');
    expect(result.entries.map((e) => [e.line, e.email, e.name])).toEqual([
      [2, 'a@example.org', 'Doe, Jane'],
      [4, 'b@example.org', 'Bo'],
    ]);
  });
});
