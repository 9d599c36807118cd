// Keeps docker-compose.yml and .env.example in step with the apps:
// every app has a compose service, and every variable an app reads (its env class under
// apps/<app>/src/**/*-env.ts, plus the classes it extends from libs/config) is documented in
// .env.example and provided by that app's compose service.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';

const ROOT = path.resolve(__dirname, '..', '..');
const INFRA = ['postgres', 'nats', 'mailpit', 'redis'];
/** The apps on PostgreSQL: each connects as a role of its own name (tools/db/init-service-roles.sh). */
const DB_APPS = ['identity', 'wallet', 'messaging', 'reporting', 'billing', 'notifications'];
// e2e is a test tier; console is static files served by the gateway, not a process of its own.
const NOT_APPS = new Set(['e2e', 'console']);
/** Apps that are peers of the system, not services on PostgreSQL and NATS (the SMSC simulator). */
const PEERS = new Set(['smsc-simulator']);

interface ClassInfo {
  name: string;
  parent?: string;
  vars: string[];
}

interface ComposeService {
  ports?: Array<string | { host_ip?: string; published?: string | number }>;
  volumes?: string[];
  build?: string | { context?: string; args?: Record<string, string> | string[] };
  command?: string | string[];
  environment?: Record<string, unknown> | string[];
  depends_on?: string[] | Record<string, unknown>;
  healthcheck?: { test?: unknown };
}

function read(rel: string): string {
  return fs.readFileSync(path.join(ROOT, rel), 'utf8');
}

function walk(dir: string, match: (file: string) => boolean): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return walk(full, match);
    return match(entry.name) ? [full] : [];
  });
}

/** Class declarations of a TypeScript file with their UPPER_SNAKE properties (no execution). */
function parseEnvClasses(source: string): ClassInfo[] {
  const classes: ClassInfo[] = [];
  const header = /^export\s+(?:abstract\s+)?class\s+(\w+)(?:\s+extends\s+(\w+))?[^{]*\{/gm;
  let m: RegExpExecArray | null;
  while ((m = header.exec(source))) {
    const start = m.index + m[0].length;
    const end = source.indexOf('\n}', start);
    const body = source.slice(start, end < 0 ? undefined : end);
    const vars = [...body.matchAll(/^\s*(?:public\s+|readonly\s+)*([A-Z][A-Z0-9_]*)\s*[?!]?\s*[:=]/gm)].map(
      (v) => v[1],
    );
    classes.push({ name: m[1], parent: m[2], vars });
  }
  return classes;
}

function envExampleVars(): Map<string, { value: string; commented: boolean }> {
  const lines = read('.env.example').split(/\r?\n/);
  const vars = new Map<string, { value: string; commented: boolean }>();
  lines.forEach((line, i) => {
    const m = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line.trim());
    if (m) vars.set(m[1], { value: m[2], commented: (lines[i - 1] ?? '').trim().startsWith('#') });
  });
  return vars;
}

function appNames(): string[] {
  return fs
    .readdirSync(path.join(ROOT, 'apps'), { withFileTypes: true })
    .filter((d) => d.isDirectory() && !NOT_APPS.has(d.name) && fs.existsSync(path.join(ROOT, 'apps', d.name, 'src')))
    .map((d) => d.name)
    .sort();
}

const libClasses = walk(
  path.join(ROOT, 'libs', 'config', 'src'),
  (f) => f.endsWith('.ts') && !f.endsWith('.spec.ts'),
).flatMap((f) => parseEnvClasses(fs.readFileSync(f, 'utf8')));

/** Variables app `app` reads: its env classes and their ancestors; the class passed to loadEnv in main.ts when it has none. */
function appVars(app: string): string[] {
  const srcDir = path.join(ROOT, 'apps', app, 'src');
  const own = walk(srcDir, (f) => /-env\.ts$/.test(f) && !f.endsWith('.spec.ts')).flatMap((f) =>
    parseEnvClasses(fs.readFileSync(f, 'utf8')),
  );
  const known = new Map<string, ClassInfo>([...libClasses, ...own].map((c) => [c.name, c]));
  let roots = own.filter((c) => c.name.endsWith('Env')).map((c) => c.name);
  if (roots.length === 0) {
    const main = path.join(srcDir, 'main.ts');
    const used = fs.existsSync(main)
      ? /loadEnv(?:OrExit)?(?:<[^>]*>)?\(\s*(\w+)/.exec(fs.readFileSync(main, 'utf8'))
      : null;
    roots = [used ? used[1] : 'ServiceEnv'];
  }
  const vars = new Set<string>();
  for (const root of roots) {
    const seen = new Set<string>();
    for (let c = known.get(root); c && !seen.has(c.name); c = c.parent ? known.get(c.parent) : undefined) {
      seen.add(c.name);
      c.vars.forEach((v) => vars.add(v));
    }
  }
  return [...vars].sort();
}

function composeServices(): Record<string, ComposeService> {
  const doc = parse(read('docker-compose.yml'), { merge: true }) as { services?: Record<string, ComposeService> };
  return doc.services ?? {};
}

function environmentOf(service: ComposeService): Set<string> {
  const env = service.environment;
  if (!env) return new Set();
  if (Array.isArray(env)) return new Set(env.map((e) => String(e).split('=')[0]));
  return new Set(Object.keys(env));
}

function dependsOn(service: ComposeService): string[] {
  const d = service.depends_on;
  if (!d) return [];
  return Array.isArray(d) ? d : Object.keys(d);
}

function selectsApp(service: ComposeService, app: string): boolean {
  const build = typeof service.build === 'object' ? service.build : undefined;
  const args = build?.args;
  const fromArgs = Array.isArray(args) ? args.includes(`APP=${app}`) : args?.APP === app;
  const command = Array.isArray(service.command) ? service.command.join(' ') : (service.command ?? '');
  const env = service.environment;
  const fromEnv = Array.isArray(env) ? env.includes(`APP=${app}`) : env?.APP === app;
  return fromArgs || fromEnv || command.includes(`dist/apps/${app}/`);
}

const services = composeServices();

function environmentValue(service: string, name: string): unknown {
  const env = services[service]?.environment;
  return Array.isArray(env) ? undefined : env?.[name];
}
const example = envExampleVars();
const apps = appNames();

/** What the brief guarantees whatever the env classes say. */
function baseline(app: string): string[] {
  const vars = app === 'gateway' || PEERS.has(app) ? [] : ['DATABASE_URL', 'NATS_URL'];
  if (app === 'identity') vars.push('JWT_SIGNING_KEYS');
  return vars;
}

describe('docker-compose.yml', () => {
  it('finds the apps', () => {
    expect(apps).toEqual(expect.arrayContaining(['gateway', 'identity']));
  });

  it.each(apps)('has a service for app %s that runs that app', (app) => {
    expect(Object.keys(services)).toContain(app);
    expect(selectsApp(services[app], app)).toBe(true);
  });

  it.each(apps)('gives %s every variable it reads', (app) => {
    const provided = environmentOf(services[app] ?? {});
    const required = new Set([...appVars(app).filter((v) => example.has(v)), ...baseline(app)]);
    // The gateway has no database: the DATABASE_URL its env class inherits is never used.
    const missing = [...required].filter((v) => !provided.has(v) && !(app === 'gateway' && v === 'DATABASE_URL'));
    expect(missing).toEqual([]);
  });

  it.each(INFRA)('publishes %s on 127.0.0.1 only (development), never on all interfaces', (name) => {
    for (const port of services[name]?.ports ?? []) {
      const host = typeof port === 'string' ? port.split(':')[0] : port.host_ip;
      expect(host).toBe('127.0.0.1');
    }
  });

  it.each(DB_APPS)('connects %s as its own database role, with a password that has no default', (app) => {
    const env = services[app]?.environment as Record<string, string>;
    const url = env.DATABASE_URL;
    const m = /^postgres:\/\/([^:@]+):([^@]+)@/.exec(url);
    expect(m?.[1]).toBe(app);
    expect(m?.[2]).toMatch(new RegExp(`^\\$\\{${app.toUpperCase()}_DB_PASSWORD:\\?`));
  });

  it('gives every database app a different role, none of them the superuser', () => {
    const roles = DB_APPS.map((a) => /^postgres:\/\/([^:@]+)/.exec(String(environmentValue(a, 'DATABASE_URL')))?.[1]);
    expect(new Set(roles).size).toBe(DB_APPS.length);
    expect(roles).not.toContain('postgres');
  });

  it('creates the roles at first start and takes every secret from the environment, without a default', () => {
    expect(services.postgres.volumes).toEqual(
      expect.arrayContaining(['./tools/db/init-service-roles.sh:/docker-entrypoint-initdb.d/10-service-roles.sh:ro']),
    );
    const secrets: Array<[string, string]> = [
      ['postgres', 'POSTGRES_PASSWORD'],
      ['identity', 'JWT_SIGNING_KEYS'],
      ...DB_APPS.map((a): [string, string] => ['postgres', `${a.toUpperCase()}_DB_PASSWORD`]),
    ];
    for (const [service, name] of secrets) {
      expect(String(environmentValue(service, name))).toMatch(new RegExp(`^\\$\\{${name}:\\?`));
    }
    // Optional secrets: from the environment or empty (feature off), never a value written here.
    expect(String(environmentValue('gateway', 'ADMIN_TOKEN'))).toBe('${ADMIN_TOKEN:-}');
    expect(String(environmentValue('identity', 'SENDER_ALLOW_LIST'))).toBe('${SENDER_ALLOW_LIST:-}');
  });

  it.each(INFRA)('has the %s service with a healthcheck', (name) => {
    expect(services[name]).toBeDefined();
    expect(services[name].healthcheck?.test).toBeDefined();
  });

  it.each(apps.filter((a) => a !== 'gateway' && !PEERS.has(a)))('starts %s after postgres and nats', (app) => {
    expect(dependsOn(services[app] ?? {})).toEqual(expect.arrayContaining(['postgres', 'nats']));
  });

  it('checks the gateway health', () => {
    expect(JSON.stringify(services.gateway?.healthcheck?.test ?? '')).toContain('/api/v1/health/live');
  });
});

describe('.env.example', () => {
  it.each(apps)('documents every variable %s reads', (app) => {
    const vars = appVars(app);
    expect(vars.length).toBeGreaterThan(0);
    expect(vars.filter((v) => !example.has(v))).toEqual([]);
  });

  it('has a one-line comment above each variable', () => {
    const bare = [...example].filter(([, v]) => !v.commented).map(([k]) => k);
    expect(bare).toEqual([]);
  });

  it('lists the shared and per-app variables', () => {
    for (const v of [
      'DATABASE_URL',
      'NATS_URL',
      'NATS_PREFIX',
      'NATS_REQUEST_TIMEOUT_MS',
      'LOG_LEVEL',
      'JWT_SIGNING_KEYS',
      'PORT',
    ]) {
      expect(example.has(v)).toBe(true);
    }
  });
});

describe('env class parsing', () => {
  it('reads UPPER_SNAKE properties and the parent class', () => {
    const [c] = parseEnvClasses(
      'export class FooEnv extends ServiceEnv {\n  @IsInt()\n  FOO_BAR = 1;\n  readonly BAZ?: string;\n  lower = 2;\n}\n',
    );
    expect(c).toEqual({ name: 'FooEnv', parent: 'ServiceEnv', vars: ['FOO_BAR', 'BAZ'] });
  });

  it('inherits ServiceEnv variables', () => {
    expect(appVars('identity')).toEqual(expect.arrayContaining(['DATABASE_URL', 'NATS_URL', 'JWT_SIGNING_KEYS']));
  });
});
