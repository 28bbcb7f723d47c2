// No Docker engine runs on the build machines, so this parses the compose file and checks it
// against the server's own config declaration: every setting production requires is set for
// every server container, and every file the compose file points at exists.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig, REQUIRED_IN_PRODUCTION } from '../server/src/core/config/app-config';

interface Service {
  build?: { context: string; dockerfile: string };
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
}

const compose = parse(readFileSync(join(__dirname, 'compose.yaml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
};
const services = compose.services;
const serverServices = ['migrate', 'api', 'worker'];

/** Resolves `${NAME:?msg}` and `${NAME:-default}` the way compose does, from `vars`. */
function interpolate(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
    if (vars[name]) return vars[name];
    if (op === '?') throw new Error(`compose would refuse to start: ${name} is unset (${arg})`);
    return arg ?? '';
  });
}

const exampleVars = Object.fromEntries(
  readFileSync(join(__dirname, '.env.example'), 'utf8')
    .split('\n')
    .filter((l) => /^\w+=/.test(l))
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
);

describe('docker/compose.yaml', () => {
  it('runs PostgreSQL, Redis, migrations, the API, the worker and the web server', () => {
    expect(Object.keys(services).sort()).toEqual(['api', 'migrate', 'postgres', 'redis', 'web', 'worker']);
    expect(services.api.command).toEqual(['node', 'dist/server/main.js']);
    expect(services.worker.command).toEqual(['node', 'dist/server/worker.js']);
    expect(services.migrate.command).toEqual(['node', 'dist/server/main.js', 'migrate']);
    expect(services.api.depends_on?.migrate.condition).toBe('service_completed_successfully');
    expect(services.worker.depends_on?.migrate.condition).toBe('service_completed_successfully');
  });

  it.each(serverServices)('sets every setting production requires for %s', (name) => {
    const env = services[name].environment ?? {};
    expect(env.NODE_ENV).toBe('production');
    for (const key of REQUIRED_IN_PRODUCTION) expect(Object.keys(env)).toContain(key);
  });

  it.each(serverServices)('gives %s an environment the server config accepts in production', (name) => {
    const env = Object.fromEntries(
      Object.entries(services[name].environment ?? {}).map(([k, v]) => [
        k,
        interpolate(String(v), exampleVars),
      ]),
    );
    expect(() => loadConfig(env)).not.toThrow();
  });

  it('refuses to start without the secrets', () => {
    const env = services.api.environment ?? {};
    expect(() => interpolate(String(env.JWT_SECRET), {})).toThrow(/JWT_SECRET/);
  });

  it('points at Dockerfiles and an nginx config that exist', () => {
    for (const service of Object.values(services)) {
      if (!service.build) continue;
      expect(existsSync(join(__dirname, service.build.context, service.build.dockerfile))).toBe(true);
    }
    const web = readFileSync(join(__dirname, 'web.Dockerfile'), 'utf8');
    expect(web).toContain('docker/nginx.conf');
    const nginx = readFileSync(join(__dirname, 'nginx.conf'), 'utf8');
    expect(nginx).toMatch(/location \/api\//);
    expect(nginx).toMatch(/location \/socket\.io\//);
  });
});
