import { Pool } from 'pg';
import {
  MAX_PREPARED_PER_CONNECTION,
  PreparingClient,
  statementName,
} from '../../src/core/database/preparing-client';
import { createTestDatabase } from '../support/test-database';

/** What the connection itself says it has prepared (pg_prepared_statements is per session). */
const preparedOn = async (client: { query: Pool['query'] }) =>
  (
    await client.query<{ name: string; statement: string }>(
      `SELECT name, statement FROM pg_prepared_statements ORDER BY name`,
    )
  ).rows;

describe('PreparingClient (prepared statements for the application pools)', () => {
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  let pool: Pool;

  beforeAll(async () => {
    db = await createTestDatabase();
    pool = new Pool({ connectionString: db.url, max: 1, Client: PreparingClient });
  });
  afterAll(async () => {
    await pool.end();
    await db.drop();
  });

  it('prepares a parameterised statement once per connection and reuses it', async () => {
    const client = await pool.connect();
    try {
      const text = `SELECT $1::int + 1 AS n`;
      expect((await client.query<{ n: number }>(text, [1])).rows).toEqual([{ n: 2 }]);
      expect((await client.query<{ n: number }>(text, [41])).rows).toEqual([{ n: 42 }]);
      const prepared = await preparedOn(client);
      expect(prepared.filter((p) => p.statement === text)).toEqual([
        { name: statementName(text), statement: text },
      ]);
    } finally {
      client.release();
    }
  });

  it('leaves statements without parameters unnamed (transaction control, DDL)', async () => {
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      await client.query(`CREATE TEMP TABLE scratch (n int) ON COMMIT DROP`);
      await client.query('COMMIT');
      const names = (await preparedOn(client)).map((p) => p.statement);
      expect(names.some((s) => s.includes('scratch') || s === 'BEGIN')).toBe(false);
    } finally {
      client.release();
    }
  });

  it('still reports a failing statement as an error, and the connection stays usable', async () => {
    const client = await pool.connect();
    try {
      await expect(client.query(`SELECT $1::int FROM no_such_table`, [1])).rejects.toThrow(/no_such_table/);
      await expect(client.query(`SELECT $1::int / 0`, [1])).rejects.toThrow(/division by zero/);
      expect((await client.query<{ n: number }>(`SELECT $1::int AS n`, [7])).rows).toEqual([{ n: 7 }]);
    } finally {
      client.release();
    }
  });

  it('stops preparing past its cap, so statements with varying text cannot grow a backend without bound', async () => {
    const client = await pool.connect();
    try {
      const before = (await preparedOn(client)).length;
      for (let i = 0; i < MAX_PREPARED_PER_CONNECTION + 20; i++)
        await client.query(`SELECT $1::int + ${i} AS n`, [i]);
      expect((await preparedOn(client)).length).toBe(MAX_PREPARED_PER_CONNECTION);
      expect(before).toBeLessThan(MAX_PREPARED_PER_CONNECTION);
      // already-prepared statements keep being used after the cap
      expect((await client.query<{ n: number }>(`SELECT $1::int + 0 AS n`, [5])).rows).toEqual([{ n: 5 }]);
    } finally {
      client.release();
    }
  });
});
