import { Client } from 'pg';
import { Redis } from 'ioredis';
import type { AppConfig } from '../config/app-config';

const hostOf = (url: string): string => {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)}`;
  } catch {
    return url;
  }
};

export class DependencyError extends Error {}

/**
 * Checks that PostgreSQL and Redis answer before anything else starts, and says exactly which
 * one is missing, where, and how to start it. Creates the application database when the server
 * is up but the database is not there yet.
 */
export async function preflight(config: AppConfig): Promise<void> {
  await checkPostgres(config);
  await checkRedis(config);
}

async function checkPostgres(config: AppConfig): Promise<void> {
  const url = new URL(config.DATABASE_URL);
  const database = decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres';
  const tryConnect = async (db: string) => {
    const u = new URL(config.DATABASE_URL);
    u.pathname = `/${encodeURIComponent(db)}`;
    const client = new Client({ connectionString: u.toString(), connectionTimeoutMillis: 3000 });
    await client.connect();
    return client;
  };
  try {
    const client = await tryConnect(database);
    await client.end();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === '3D000') {
      const admin = await tryConnect('postgres');
      await admin.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`).catch((e: { code?: string }) => {
        if (e.code !== '42P04') throw e;
      });
      await admin.end();
      return;
    }
    throw new DependencyError(
      [
        `PostgreSQL is not reachable at ${hostOf(config.DATABASE_URL)} (DATABASE_URL): ${(error as Error).message}`,
        'Start it, for example:',
        '  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
        'or point DATABASE_URL at a running server (postgres://user@host:5432/invigil).',
      ].join('\n'),
    );
  }
}

async function checkRedis(config: AppConfig): Promise<void> {
  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    connectTimeout: 3000,
    retryStrategy: () => null,
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    throw new DependencyError(
      [
        `Redis is not reachable at ${hostOf(config.REDIS_URL)} (REDIS_URL): ${(error as Error).message}`,
        'Start it, for example:',
        '  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no',
        'or point REDIS_URL at a running server (redis://host:6379).',
      ].join('\n'),
    );
  } finally {
    redis.disconnect();
  }
}
