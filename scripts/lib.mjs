// Shared by `npm start` and `npm test`: only Node built-ins, so they run before `npm install`.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/invigil';
export const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

export function say(message) {
  process.stdout.write(`\x1b[1m[invigil]\x1b[0m ${message}\n`);
}

export function fail(message) {
  process.stderr.write(`\n\x1b[31m[invigil]\x1b[0m ${message}\n\n`);
  process.exit(1);
}

export function checkNode() {
  const [major, minor] = process.versions.node.split('.').map(Number);
  if (major < 20 || (major === 20 && minor < 19))
    fail(`Node ${process.versions.node} is too old: Invigil needs Node 20.19 or newer.`);
}

/** Installs dependencies when node_modules is missing or older than the lock file. */
export function ensureDependencies() {
  const marker = join(root, 'node_modules', '.package-lock.json');
  const lock = join(root, 'package-lock.json');
  const stale =
    !existsSync(marker) || (existsSync(lock) && statSync(lock).mtimeMs > statSync(marker).mtimeMs + 1000);
  if (!stale) return;
  say('Installing dependencies (npm install; a few minutes the first time)…');
  // `npm ci` fails here: the lock file cannot list other platforms' optional packages
  run('npm', ['install', '--no-audit', '--no-fund']);
}

/** Runs a command in the repository root, inheriting the terminal; exits on failure. */
export function run(command, args, options = {}) {
  const result = spawnSync(command, args, {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, ...options.env },
  });
  if (result.status !== 0) {
    if (options.allowFailure) return result.status ?? 1;
    fail(`${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal}).`);
  }
  return 0;
}

/** Starts a long-running child whose output is prefixed with its name. */
export function startChild(name, command, args, env) {
  const child = spawn(command, args, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const prefix = (stream, out) => {
    let buffer = '';
    stream.on('data', (chunk) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop() ?? '';
      for (const line of lines) out.write(`${name.padEnd(6)}| ${line}\n`);
    });
  };
  prefix(child.stdout, process.stdout);
  prefix(child.stderr, process.stderr);
  return child;
}

/** Resolves true when something accepts TCP connections at host:port. */
export function reachable(host, port, timeoutMs = 2000) {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Says exactly which service is missing, where, and how to start it. */
export async function checkServices(databaseUrl, redisUrl) {
  const db = new URL(databaseUrl);
  const redis = new URL(redisUrl);
  const problems = [];
  if (!(await reachable(db.hostname, Number(db.port || 5432)))) {
    problems.push(
      `PostgreSQL is not reachable at ${db.hostname}:${db.port || 5432}.\n` +
        `  Start it:  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n` +
        `  or set DATABASE_URL to a running server (now ${databaseUrl}).`,
    );
  }
  if (!(await reachable(redis.hostname, Number(redis.port || 6379)))) {
    problems.push(
      `Redis is not reachable at ${redis.hostname}:${redis.port || 6379}.\n` +
        `  Start it:  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no\n` +
        `  or set REDIS_URL to a running server (now ${redisUrl}).`,
    );
  }
  if (problems.length) fail(problems.join('\n\n'));
}

export function commandExists(command) {
  return spawnSync('sh', ['-c', `command -v ${command}`], { stdio: 'ignore' }).status === 0;
}
