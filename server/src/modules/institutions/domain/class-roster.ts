import { parse } from 'csv-parse/sync';
import { isEmail } from 'class-validator';

/** A roster is a class list: a few thousand people at most. */
export const ROSTER_LIMITS = { maxRows: 2000, maxBytes: 1_000_000, maxNameLength: 120 } as const;

export const ROSTER_ROLES = ['instructor', 'proctor', 'candidate'] as const;
export type RosterRole = (typeof ROSTER_ROLES)[number];

export interface RosterEntry {
  /** line of the file the person is on (the header is line 1) */
  line: number;
  email: string;
  role: RosterRole;
  name: string | null;
}

export interface RosterSkip {
  line: number;
  email: string;
  reason: string;
}

export type RosterParseResult =
  | { ok: true; entries: RosterEntry[]; skipped: RosterSkip[] }
  | { ok: false; error: string };

/** What csv-parse gives with `columns` and `info`: the row by header name, and where it was. */
interface RosterRecord {
  record: Record<string, string | undefined>;
  info: { lines: number };
}

const normaliseRole = (value: string): string =>
  value
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');

/**
 * Reads a class roster: a header row naming an `email` column (any case, any position), with
 * optional `role` and `name` columns; other columns are ignored. Lines that cannot be used are
 * returned in `skipped` with the reason, so the rest of the class can still be invited.
 */
export function parseClassRoster(csv: string, defaultRole: RosterRole): RosterParseResult {
  if (Buffer.byteLength(csv, 'utf8') > ROSTER_LIMITS.maxBytes) {
    return { ok: false, error: `the roster is larger than ${ROSTER_LIMITS.maxBytes / 1_000_000} MB` };
  }
  let columns: string[] = [];
  let records: RosterRecord[];
  try {
    records = parse<RosterRecord>(csv, {
      bom: true,
      columns: (header: string[]) => (columns = header.map((h) => h.trim().toLowerCase())),
      info: true,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
    });
  } catch (error) {
    return { ok: false, error: `the roster could not be read: ${(error as Error).message}` };
  }
  if (!columns.includes('email'))
    return { ok: false, error: 'the roster needs a header row with an email column' };
  if (records.length === 0) return { ok: false, error: 'the roster has no one in it' };
  if (records.length > ROSTER_LIMITS.maxRows) {
    return { ok: false, error: `the roster has ${records.length} rows; at most ${ROSTER_LIMITS.maxRows}` };
  }

  const entries: RosterEntry[] = [];
  const skipped: RosterSkip[] = [];
  const seen = new Map<string, number>();
  for (const { record, info } of records) {
    const line = info.lines;
    const email = (record.email ?? '').toLowerCase();
    const roleCell = normaliseRole(record.role ?? '');
    const name = record.name ? record.name : null;
    const skip = (reason: string) => skipped.push({ line, email, reason });

    if (!email) {
      skip('email is missing');
      continue;
    }
    if (email.length > 254 || !isEmail(email)) {
      skip('not an email address');
      continue;
    }
    const role = roleCell === '' ? defaultRole : roleCell;
    if (role === 'institution_admin') {
      skip('institution admins are invited one at a time, not from a roster');
      continue;
    }
    if (!(ROSTER_ROLES as readonly string[]).includes(role)) {
      skip(`unknown role "${record.role ?? ''}" (use ${ROSTER_ROLES.join(', ')})`);
      continue;
    }
    if (name && name.length > ROSTER_LIMITS.maxNameLength) {
      skip(`name is longer than ${ROSTER_LIMITS.maxNameLength} characters`);
      continue;
    }
    const key = `${email} ${role}`;
    const first = seen.get(key);
    if (first !== undefined) {
      skip(`duplicate of line ${first}`);
      continue;
    }
    seen.set(key, line);
    entries.push({ line, email, role: role as RosterRole, name });
  }
  return { ok: true, entries, skipped };
}
