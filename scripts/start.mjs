// `npm start`: installs what is missing, builds, applies migrations, loads the demo data and
// serves the API, the worker and the web client on one port.
import {
  checkNode,
  checkServices,
  DEFAULT_DATABASE_URL,
  DEFAULT_REDIS_URL,
  ensureDependencies,
  run,
  say,
  startChild,
} from './lib.mjs';

checkNode();
const port = process.env.PORT ?? '3000';
const env = {
  DATABASE_URL: process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
  REDIS_URL: process.env.REDIS_URL ?? DEFAULT_REDIS_URL,
  PORT: port,
  PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${port}`,
  CLIENT_DIST_DIR: process.env.CLIENT_DIST_DIR ?? 'dist/client/browser',
  NX_DAEMON: 'false',
  NX_NO_CLOUD: 'true',
};

await checkServices(env.DATABASE_URL, env.REDIS_URL);
ensureDependencies();
say('Building the API, the worker and the web client…');
run('npx', ['nx', 'run-many', '-t', 'build', '-p', 'server', 'client', '--outputStyle=static'], { env });
say('Applying migrations and loading the demo data…');
run('node', ['dist/server/main.js', 'seed-demo'], { env });

const children = [
  startChild('api', 'node', ['dist/server/main.js'], env),
  startChild('worker', 'node', ['dist/server/worker.js'], env),
];
let stopping = false;
const stop = (code) => {
  if (stopping) return;
  stopping = true;
  for (const child of children) child.kill('SIGTERM');
  setTimeout(() => process.exit(code), 1500).unref();
};
for (const child of children) child.on('exit', (code) => stop(code ?? 1));
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

setTimeout(() => {
  if (stopping) return;
  say(`Invigil is running:
    web client   ${env.PUBLIC_URL}/
    API docs     ${env.PUBLIC_URL}/api/docs
    dev mailbox  ${env.PUBLIC_URL}/dev/mailbox
  Demo logins (password: invigil-demo-2026):
    platform operator           operator@invigil.demo
    certification-body admin    microsoft-admin@invigil.demo
    institution admin           admin@northfield.demo   (another tenant: admin@lakeside.demo)
    instructor                  instructor@northfield.demo
    proctor                     proctor@northfield.demo
    candidate                   candidate@northfield.demo
  Press Ctrl+C to stop.`);
}, 4000).unref();
