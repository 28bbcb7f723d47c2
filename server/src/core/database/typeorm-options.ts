import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../../../migrations';
import type { AppConfig } from '../config/app-config';

/**
 * One description of the database connection (entities are registered per module with
 * TypeOrmModule.forFeature), shared by the API, the worker, the CLI and tests.
 */
export function typeormOptions(config: AppConfig): DataSourceOptions {
  return {
    type: 'postgres',
    url: config.DATABASE_URL,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    extra: { max: config.DATABASE_POOL_SIZE, application_name: 'invigil' },
    // no query logging: a failed statement is most often an expected refusal (a 409 from a
    // constraint or a capacity check), and TypeORM logged each one's whole SQL and parameters,
    // personal data included. Unexpected failures are logged once, as 500s, by ProblemFilter.
    logging: false,
  };
}
