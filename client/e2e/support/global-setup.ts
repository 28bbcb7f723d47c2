import { startRun } from './harness';

/** Fresh database, demo data, the built API serving the built client on a free port. */
export default async function globalSetup(): Promise<void> {
  const { run, baseUrl } = await startRun();
  globalThis.__INVIGIL_E2E__ = run;
  process.env.INVIGIL_E2E_BASE_URL = baseUrl;
  process.env.INVIGIL_E2E_DATABASE = run.databaseName;
}
