import { Client } from 'pg';
import { adminUrl } from './test-database';

export default async function globalTeardown(): Promise<void> {
  const template = process.env.INVIGIL_TEST_TEMPLATE;
  if (!template) return;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.end();
}
