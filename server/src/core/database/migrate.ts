import { DataSource } from 'typeorm';
import type { AppConfig } from '../config/app-config';
import { typeormOptions } from './typeorm-options';

/** Any fixed number: several processes starting at once run migrations one at a time. */
const MIGRATION_LOCK = 7_320_001;

export async function runMigrations(config: AppConfig): Promise<string[]> {
  const dataSource = new DataSource({ ...typeormOptions(config), extra: { max: 2 } });
  await dataSource.initialize();
  const runner = dataSource.createQueryRunner();
  try {
    await runner.connect();
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
    await dataSource.destroy();
  }
}
