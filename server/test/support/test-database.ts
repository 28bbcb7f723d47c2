import { Client, Pool } from 'pg';
import { randomBytes } from 'node:crypto';

/** Where tests find PostgreSQL; override with TEST_DATABASE_URL (its database part is ignored). */
const base = (): URL =>
  new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

export function databaseUrl(name: string): string {
  const url = base();
  url.pathname = `/${name}`;
  return url.toString();
}

export const adminUrl = (): string => databaseUrl('postgres');

/** A fresh, migrated database for one test file, and a pool to inspect it with. */
export async function createTestDatabase(): Promise<{
  name: string;
  url: string;
  pool: Pool;
  drop: () => Promise<void>;
}> {
  const template = process.env.INVIGIL_TEST_TEMPLATE;
  if (!template)
    throw new Error('INVIGIL_TEST_TEMPLATE is not set: run through the integration Jest project');
  const name = `invigil_test_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${template}`);
  await admin.end();
  const url = databaseUrl(name);
  const pool = new Pool({ connectionString: url, max: 4 });
  return {
    name,
    url,
    pool,
    drop: async () => {
      await pool.end();
      const a = new Client({ connectionString: adminUrl() });
      await a.connect();
      try {
        // Pools close their sockets asynchronously; terminating one still open would raise an
        // unhandled error in whichever test file this Jest worker runs next.
        for (let i = 0; i < 50; i++) {
          const open = await a.query<{ n: string }>(
            `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1`,
            [name],
          );
          if (open.rows[0].n === '0') break;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await a.end();
      }
    },
  };
}
