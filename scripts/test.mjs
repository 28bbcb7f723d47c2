// `npm test`: the whole suite — lint, type-check, server unit and integration tests (real
// PostgreSQL and Redis, each test file on its own database), client unit tests, production
// builds, and the browser test in Debian's Chromium. Ends with one "N passed, N failed" line.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkNode,
  checkServices,
  commandExists,
  DEFAULT_REDIS_URL,
  ensureDependencies,
  fail,
  root,
  run,
  say,
} from './lib.mjs';

checkNode();
const env = { ...process.env, TZ: 'UTC', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', FORCE_COLOR: '0' };
await checkServices(
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  process.env.TEST_REDIS_URL ?? DEFAULT_REDIS_URL,
);
ensureDependencies();
ensureChromium();

const results = join(root, 'tmp', 'test-results');
mkdirSync(results, { recursive: true });
const totals = { passed: 0, failed: 0 };
const failedSteps = [];

await step('lint', 'npx', ['nx', 'run-many', '-t', 'lint', '-p', 'server', 'client', '--outputStyle=static']);
await step('formatting', 'npx', ['prettier', '--check', '.']);
await step('type-check', 'npx', ['nx', 'run', 'server:typecheck', '--outputStyle=static']);
await step(
  'server tests',
  'npx',
  ['jest', '-c', 'server/jest.config.cjs', '--ci', '--json', `--outputFile=${results}/server.json`],
  {
    jest: `${results}/server.json`,
  },
);
await step('client unit tests', 'npx', ['nx', 'test', 'client', '--outputStyle=static'], { vitest: true });
await step('builds', 'npx', [
  'nx',
  'run-many',
  '-t',
  'build',
  '-p',
  'server',
  'client',
  '--outputStyle=static',
]);
if (!failedSteps.includes('builds')) {
  await step(
    'browser tests',
    'npx',
    ['jest', '-c', 'client/e2e/jest.config.cjs', '--ci', '--json', `--outputFile=${results}/e2e.json`],
    {
      jest: `${results}/e2e.json`,
    },
  );
}

say(failedSteps.length ? `Failed steps: ${failedSteps.join(', ')}` : 'Every step passed.');
process.stdout.write(`${totals.passed} passed, ${totals.failed} failed\n`);
process.exit(failedSteps.length ? 1 : 0);

/** Runs one step, echoing its output, and adds its test counts to the totals. */
function step(name, command, args, counting = {}) {
  say(`── ${name}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const echo = (out) => (chunk) => {
      output += chunk.toString();
      out.write(chunk);
    };
    child.stdout.on('data', echo(process.stdout));
    child.stderr.on('data', echo(process.stderr));
    child.on('close', (code) => {
      const counts = counting.jest
        ? jestCounts(counting.jest)
        : counting.vitest
          ? vitestCounts(output)
          : null;
      if (counts) {
        totals.passed += counts.passed;
        totals.failed += counts.failed;
      }
      if (code !== 0) {
        failedSteps.push(name);
        if (counts && counts.failed === 0) totals.failed += 1; // a step that broke before counting
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      say(
        `── ${name}: ${code === 0 ? 'ok' : `FAILED (exit ${code})`} in ${seconds} s${counts ? ` — ${counts.passed} passed, ${counts.failed} failed` : ''}`,
      );
      resolve();
    });
  });
}

function jestCounts(file) {
  if (!existsSync(file)) return { passed: 0, failed: 0 };
  const report = JSON.parse(readFileSync(file, 'utf8'));
  return { passed: report.numPassedTests, failed: report.numFailedTests + report.numRuntimeErrorTestSuites };
}

function vitestCounts(output) {
  // Nx may replay a cached run's output, colours included
  const plain = output.replace(/\x1b\[[0-9;]*m/g, '');
  const line = plain.split('\n').find((l) => /^\s*Tests\s+/.test(l)) ?? '';
  const passed = Number(/(\d+) passed/.exec(line)?.[1] ?? 0);
  const failed = Number(/(\d+) failed/.exec(line)?.[1] ?? 0);
  return { passed, failed };
}

/** The browser test drives Debian's Chromium; a new machine lacks it. */
function ensureChromium() {
  if (existsSync('/usr/bin/chromium')) return;
  if (process.getuid?.() === 0 && commandExists('apt-get')) {
    say('Installing Chromium for the browser test (apt-get install chromium)…');
    run('sh', [
      '-c',
      'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null',
    ]);
    return;
  }
  fail(
    'The browser test needs Chromium at /usr/bin/chromium. Install it with: sudo apt-get install -y chromium',
  );
}
