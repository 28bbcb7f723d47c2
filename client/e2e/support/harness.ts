import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client } from 'pg';
import { ARTIFACTS, CHROMIUM, CLIENT_DIST, ROOT, SERVER_MAIN } from './paths';

/** What global setup started, for global teardown to stop (same process, so a global works). */
export interface E2eRun {
  server: ChildProcess | null;
  databaseName: string;
  redisPrefix: string;
  redisUrl: string;
}

declare global {
  var __INVIGIL_E2E__: E2eRun | undefined;
}

const pgBase = (): URL =>
  new URL(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');

export function databaseUrl(name: string): string {
  const url = pgBase();
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrl('postgres') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export function checkPrerequisites(): void {
  const missing: string[] = [];
  if (!existsSync(SERVER_MAIN)) missing.push(`the API build (${SERVER_MAIN})`);
  if (!existsSync(join(CLIENT_DIST, 'index.html')))
    missing.push(`the web client build (${CLIENT_DIST}/index.html)`);
  if (missing.length) {
    throw new Error(
      `The browser test needs ${missing.join(' and ')}.\n` +
        'Build them first:  NX_DAEMON=false npx nx run-many -t build -p server client',
    );
  }
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}. Install it: apt-get install -y chromium`);
  }
}

export async function createDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`CREATE DATABASE ${name}`));
}

export async function dropDatabase(name: string): Promise<void> {
  await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The API's settings for this run: its own database and Redis prefix, the built client served. */
export function serverEnv(databaseName: string, redisPrefix: string, port: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(databaseName),
    REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: redisPrefix,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    CLIENT_DIST_DIR: CLIENT_DIST,
    MAIL_TRANSPORT: 'dev',
    // every browser test signs in from this one address, several times each; the limits
    // themselves are proven by the server's integration tests
    LOGIN_LIMIT_PER_IP_PER_MINUTE: '1000',
  };
}

/** `node dist/server/main.js seed-demo`: migrations and the demo data. */
export function seedDemo(env: NodeJS.ProcessEnv): void {
  const result = spawnSync(process.execPath, [SERVER_MAIN, 'seed-demo'], {
    cwd: ROOT,
    env,
    encoding: 'utf8',
  });
  if (result.status !== 0) {
    throw new Error(`seed-demo failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

export async function startServer(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const logPath = join(ARTIFACTS, 'server.log');
  const log = createWriteStream(logPath);
  const child = spawn(process.execPath, [SERVER_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));

  const ready = `${env['PUBLIC_URL']}/api/health/ready`;
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited !== null) {
      throw new Error(`The API exited (code ${exited}) before it was ready:\n${tail(logPath)}`);
    }
    try {
      const response = await fetch(ready);
      if (response.ok) return child;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  child.kill('SIGKILL');
  throw new Error(`The API was not ready at ${ready} within 60 s:\n${tail(logPath)}`);
}

function tail(path: string): string {
  try {
    return readFileSync(path, 'utf8').split('\n').slice(-40).join('\n');
  } catch {
    return '(no log)';
  }
}

export function stopServer(child: ChildProcess | null): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Deletes the keys this run left in Redis (rate-limit counters, queues). */
export async function clearRedis(redisUrl: string, prefix: string): Promise<void> {
  const { default: Redis } = await import('ioredis');
  const redis = new Redis(redisUrl, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await redis.connect();
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length) await redis.del(...keys);
    } while (cursor !== '0');
  } finally {
    redis.disconnect();
  }
}

export async function startRun(): Promise<{ run: E2eRun; baseUrl: string }> {
  checkPrerequisites();
  const suffix = randomBytes(4).toString('hex');
  const run: E2eRun = {
    server: null,
    databaseName: `invigil_e2e_${suffix}`,
    redisPrefix: `e2e-${suffix}`,
    redisUrl: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379',
  };
  await createDatabase(run.databaseName);
  try {
    const port = await freePort();
    const env = serverEnv(run.databaseName, run.redisPrefix, port);
    seedDemo(env);
    run.server = await startServer(env);
    return { run, baseUrl: `http://127.0.0.1:${port}` };
  } catch (error) {
    await stopRun(run);
    throw error;
  }
}

export async function stopRun(run: E2eRun): Promise<void> {
  await stopServer(run.server);
  await dropDatabase(run.databaseName);
  await clearRedis(run.redisUrl, run.redisPrefix).catch(() => undefined);
}
