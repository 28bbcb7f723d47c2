import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { AppConfig, ConfigError, loadConfig } from './core/config/app-config';
import { runMigrations } from './core/database/migrate';
import { DependencyError, preflight } from './core/database/preflight';
import { seedDemo } from './seed/seed-demo';

/**
 * The API process.
 *   node main.js            serve the API (and the built client when CLIENT_DIST_DIR is set)
 *   node main.js migrate    apply pending migrations and exit
 *   node main.js seed-demo  apply migrations, load the demo catalogue and tenant, and exit
 */
async function main(command: string | undefined): Promise<void> {
  const config = loadConfig(process.env);
  await preflight(config);
  const logger = new Logger('Invigil');
  if (command === 'migrate' || command === 'seed-demo') {
    const applied = await runMigrations(config);
    logger.log(applied.length ? `Applied migrations: ${applied.join(', ')}` : 'Schema is up to date');
    if (command === 'seed-demo') await seedDemo(config);
    return;
  }
  if (command) throw new ConfigError(`Unknown command "${command}" (use migrate, seed-demo or nothing)`);
  const app = await createApp(config);
  await app.listen(config.PORT, '0.0.0.0');
  logger.log(`API listening on http://localhost:${config.PORT}/api (docs at /api/docs)`);
}

main(process.argv[2]).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DependencyError) {
    process.stderr.write(`\n${error.message}\n\n`);
  } else {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  }
  process.exit(1);
});

export type { AppConfig };
