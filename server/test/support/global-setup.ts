import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { loadConfig } from '../../src/core/config/app-config';
import { runMigrations } from '../../src/core/database/migrate';
import { adminUrl, databaseUrl } from './test-database';

/** Migrates one template database per run; each test file clones it (CREATE DATABASE ... TEMPLATE). */
export default async function globalSetup(): Promise<void> {
  const template = `invigil_tpl_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${template}`);
  await admin.end();
  await runMigrations(loadConfig({ NODE_ENV: 'test', DATABASE_URL: databaseUrl(template) }));
  process.env.INVIGIL_TEST_TEMPLATE = template;
}
