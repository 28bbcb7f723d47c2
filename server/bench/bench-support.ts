import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { Pool as HttpPool } from 'undici';
import { dropRedisPrefix } from '../test/support/redis-keys';

/** Shared by the benchmarks: a fresh database, the built server on a free port, timing helpers. */
export const root = join(__dirname, '..', '..');
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function dbUrl(name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function freshDatabase(
  prefix: string,
): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  return {
    name,
    url: dbUrl(name),
    drop: async () => {
      const a = new Client({ connectionString: adminUrl });
      await a.connect();
      // let the stopped server's and the bench's pools close first: terminating a live
      // connection raises an error in whoever still holds it
      for (let i = 0; i < 50; i++) {
        const open = await a.query<{ n: string }>(
          `SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1`,
          [name],
        );
        if (open.rows[0].n === '0') break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export function runServerCommand(args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(root, 'dist/server/main.js'), ...args], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`main.js ${args.join(' ')} exited ${code}`)),
    );
  });
}

/**
 * How many API processes a benchmark starts on the same database and Redis: the product scales
 * out by running several behind a load balancer (the bench client spreads its requests over
 * them round-robin). BENCH_API_PROCESSES overrides it.
 */
export const API_PROCESSES = Number(process.env.BENCH_API_PROCESSES ?? 1);

/** Starts the built API (dist/server/main.js), `API_PROCESSES` times, and waits until each is ready. */
export async function startServer(env: Record<string, string>): Promise<{
  baseUrl: string;
  baseUrls: string[];
  cpuSeconds: () => number;
  stop: () => Promise<void>;
}> {
  const servers = await Promise.all(Array.from({ length: API_PROCESSES }, () => startOneServer(env)));
  return {
    baseUrl: servers[0].baseUrl,
    baseUrls: servers.map((s) => s.baseUrl),
    cpuSeconds: () => servers.reduce((sum, s) => sum + s.cpuSeconds(), 0),
    stop: async () => {
      await Promise.all(servers.map((s) => s.stop()));
    },
  };
}

async function startOneServer(
  env: Record<string, string>,
): Promise<{ baseUrl: string; cpuSeconds: () => number; stop: () => Promise<void> }> {
  if (!existsSync(join(root, 'dist/server/main.js')))
    throw new Error('Build the server first: npx nx build server');
  const port = await freePort();
  const main = join(root, 'dist/server/main.js');
  // BENCH_PROFILE_DIR=/some/dir writes a V8 CPU profile of the server (open it in Chrome DevTools)
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const args = profileDir
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${profileDir}`,
        '-e',
        `require(${JSON.stringify(main)}); process.once('SIGTERM', () => process.exit(0));`,
      ]
    : [main];
  const child: ChildProcess = spawn(process.execPath, args, {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const baseUrl = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${baseUrl}/api/health/ready`)).ok) break;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    baseUrl,
    cpuSeconds: () => processCpuSeconds(child.pid),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The CPU time (user and system) a process has used so far, from /proc on Linux; NaN elsewhere.
 * Unlike throughput, which swings with whatever else the machine runs, the API's CPU time per
 * request is steady from run to run, so it tells whether a change made the API cheaper.
 */
export function processCpuSeconds(pid: number | undefined): number {
  try {
    // the fields after the command name (which may hold spaces) start at the process state
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

/**
 * The CPU time used so far by the PostgreSQL backends connected to the pool's database (the
 * API's connections and the bench's own), NaN where /proc cannot tell. A connection opened
 * after `backendCpu` was made is not counted, so make it once the warm-up has opened them.
 */
export async function backendCpu(pool: Pool): Promise<() => number> {
  const pids = (
    await pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = current_database()`)
  ).rows.map((r) => r.pid);
  return () => pids.reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
}

/** USER_HZ: what /proc counts CPU time in, 100 on every Linux build this runs on */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * The load generator's HTTP client for the measured requests: undici's keep-alive pool, one
 * connection per concurrent caller. It shares the machine with the server and the database, and
 * the global fetch spent about a third of a core of that on itself (Streams, Request/Response
 * objects) under bench:vouchers; this pool costs a fraction of it, so more of the machine goes
 * to what is measured.
 */
export function httpClient(
  baseUrls: string | string[],
  connections: number,
): {
  send: (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    path: string,
    token: string,
    body?: unknown,
  ) => Promise<{ status: number; text: string }>;
  close: () => Promise<void>;
} {
  const urls = Array.isArray(baseUrls) ? baseUrls : [baseUrls];
  const pools = urls.map(
    (url) => new HttpPool(url, { connections: Math.ceil(connections / urls.length), pipelining: 1 }),
  );
  let turn = 0;
  return {
    send: async (method, path, token, body) => {
      const pool = pools[turn++ % pools.length];
      const res = await pool.request({
        method,
        path,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      return { status: res.statusCode, text: await res.body.text() };
    },
    close: async () => {
      await Promise.all(pools.map((p) => p.close()));
    },
  };
}

/** Runs `tasks` with at most `concurrency` in flight; returns each task's latency in ms. */
export async function runConcurrently<T>(
  items: T[],
  concurrency: number,
  task: (item: T) => Promise<void>,
): Promise<{ latencies: number[]; seconds: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const item = items[next++];
        const t0 = process.hrtime.bigint();
        await task(item);
        latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      }
    }),
  );
  return { latencies, seconds: Number(process.hrtime.bigint() - started) / 1e9 };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export const round = (n: number, digits = 1) => Number(n.toFixed(digits));

export { Pool };

/**
 * Stops the server and the bench's pool, then drops the database and the server's Redis keys
 * (`redisPrefix`) unless BENCH_KEEP_DB=1 keeps them (e.g. to EXPLAIN its queries).
 */
export async function tearDown(
  server: { stop: () => Promise<void> },
  pool: Pool,
  db: { name: string; drop: () => Promise<void> },
  redisPrefix: string,
): Promise<void> {
  await server.stop();
  await pool.end();
  if (process.env.BENCH_KEEP_DB === '1') {
    process.stdout.write(`kept database ${db.name} and Redis keys ${redisPrefix}:*\n`);
    return;
  }
  await db.drop();
  await dropRedisPrefix(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', redisPrefix);
}

/** The machine-readable last line of a benchmark measured against a baseline in the same run. */
export function ratioResult(
  name: string,
  opsPerSecond: number,
  baselineOps: number,
  latencies: number[],
  violations: number,
): string {
  return `RESULT name=${name} ops_per_s=${round(opsPerSecond)} baseline_ops_per_s=${round(baselineOps)} ratio=${round(opsPerSecond / baselineOps, 3)} p99_ms=${round(percentile(latencies, 99))} violations=${violations}\n`;
}

/** Runs a benchmark; a failure prints its stack and exits 1. */
export function runBenchmark(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.stderr.write(`${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  });
}
