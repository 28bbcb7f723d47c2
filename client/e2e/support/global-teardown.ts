import { stopRun } from './harness';

export default async function globalTeardown(): Promise<void> {
  const run = globalThis.__INVIGIL_E2E__;
  if (run) await stopRun(run);
}
