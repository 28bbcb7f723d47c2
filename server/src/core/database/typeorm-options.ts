import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations';
import type { AppConfig } from '../config/app-config';

/** One description (entities are registered per module with TypeOrmModule.forFeature). One description of the database connection, shared by the API, the worker, the CLI and tests. */
export function typeormOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: config.DATABASE_POOL_SIZE, application_name: 'invigil' },
    logging: ['error'],
  };
}
