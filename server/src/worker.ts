import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConfigError, loadConfig } from './core/config/app-config';
import { DependencyError, preflight } from './core/database/preflight';
import { WorkerModule } from './worker.module';

/** The BullMQ worker process: runs jobs; serves no HTTP. Scale it separately from the API. */
async function main(): Promise<void> {
  const config = loadConfig(process.env);
  await preflight(config);
  const app = await NestFactory.createApplicationContext(WorkerModule.with(config), {
    logger: ['fatal', 'error', 'warn', 'log'],
  });
  app.enableShutdownHooks();
  new Logger('Worker').log('Worker started');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DependencyError)
    process.stderr.write(`\n${error.message}\n\n`);
  else process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
