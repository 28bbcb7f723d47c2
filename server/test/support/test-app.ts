import type { INestApplication } from '@nestjs/common';
import type { Pool } from 'pg';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createApp } from '../../src/app.factory';
import { AppConfig, loadConfig } from '../../src/core/config/app-config';
import { ApiClient } from './api-client';
import { dropRedisPrefix } from './redis-keys';
import { createTestDatabase } from './test-database';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  baseUrl: string;
  /** a pool on this file's own database, for arranging data and checking what changed */
  pool: Pool;
  /** an unauthenticated client */
  api: ApiClient;
  close(): Promise<void>;
}

/**
 * Boots the real API on a random port, on its own database cloned from the migrated template,
 * with its own Redis key prefix. Limits are generous unless a test passes its own.
 */
export async function startTestApp(overrides: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: db.url,
    DATABASE_POOL_SIZE: '10',
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `test:${db.name}:${randomBytes(3).toString('hex')}`,
    LOGIN_LIMIT_PER_IP_PER_MINUTE: '10000',
    LOGIN_MAX_FAILURES_PER_ACCOUNT: '50',
    ...overrides,
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as AddressInfo;
  const baseUrl = `http://127.0.0.1:${port}`;
  return {
    app,
    config,
    baseUrl,
    pool: db.pool,
    api: new ApiClient(baseUrl),
    close: async () => {
      await app.close();
      await db.drop();
      await dropRedisPrefix(config.REDIS_URL, config.REDIS_PREFIX);
    },
  };
}
