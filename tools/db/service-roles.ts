// One database role per service, from Node: the bootstrap of `npm start`, the benchmarks, the chaos
// run and the e2e / browser tiers. It runs tools/db/service-role.sql itself (the file docker compose
// runs through psql), so there is one definition of what a service's role may do; no psql needed
// (the embedded PostgreSQL of `npm start` ships none).
//
//   const roles = await bootstrapServiceRoles({ databaseUrl, prefix: 'sms_e2e_test_x_' });
//   roles.urls.wallet   // DATABASE_URL for wallet: its own role, a fresh random password
//   await dropServiceRoles({ adminUrl, prefix })   // after the database is gone (roles are cluster-wide)
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from 'pg';
import { REPO_ROOT } from '../runtime/paths';

export const SERVICES = ['identity', 'wallet', 'messaging', 'reporting', 'billing', 'notifications'];
/** service-role.sql is not code: read from the sources (tools/db), also when this runs from dist. */
const SQL_FILE = path.join(REPO_ROOT, 'tools/db/service-role.sql');
export const SERVICE_ROLE_SQL = SQL_FILE;
/** PostgreSQL truncates longer identifiers (NAMEDATALEN - 1). */
const MAX_ROLE_LENGTH = 63;
/** Roles of per-run databases (`<database>_<service>`; `sms_<tier>_test_<token>`, `sms_bench_<ts>`). */
const RUN_ROLE = new RegExp(`^(sms_(?:[a-z0-9]+_test|bench)_[a-z0-9_]+)_(${SERVICES.join('|')})$`);

export interface PsqlStatement {
  sql: string;
  /** Ended by `\gexec`: every cell of its result is a statement to run. */
  gexec: boolean;
}

/** What the substitution needs of a pg client (escaping only). */
export type Escaper = Pick<Client, 'escapeLiteral' | 'escapeIdentifier'>;

/**
 * The psql statements of `sql` with their variables substituted: the subset service-role.sql uses
 * (`\set name :var literal…`, `:'var'` as a literal, `:"var"` as an identifier, `:var` raw, `;` and
 * `\gexec` ending a statement). Other meta-commands are refused rather than silently skipped.
 * Returns [{ sql, gexec }].
 */
export function psqlStatements(sql: string, vars: Record<string, string | number>, client: Escaper): PsqlStatement[] {
  const values: Record<string, string | number> = { ...vars };
  const statements: PsqlStatement[] = [];
  let buffer = '';
  const value = (name: string): string => {
    if (!(name in values)) throw new Error(`service-role.sql: psql variable ${name} is not set`);
    return String(values[name]);
  };
  const flush = (gexec: boolean): void => {
    if (buffer.trim()) statements.push({ sql: buffer.trim(), gexec });
    buffer = '';
  };
  for (const line of sql.split('\n')) {
    const trimmed = line.trim();
    if (trimmed.startsWith('\\set ')) {
      const [, name, ...parts] = trimmed.split(/\s+/);
      values[name] = parts.map((p) => (p.startsWith(':') ? value(p.slice(1)) : p)).join('');
      continue;
    }
    if (trimmed.startsWith('\\')) throw new Error(`service-role.sql: unsupported psql command ${trimmed}`);
    // Variables outside quoted strings; comments dropped.
    let out = '';
    let quoted = false;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (c === "'") quoted = !quoted;
      if (!quoted && c === '-' && line[i + 1] === '-') break;
      const m =
        !quoted &&
        c === ':' &&
        line[i + 1] !== ':' &&
        line[i - 1] !== ':' &&
        /^:('(\w+)'|"(\w+)"|(\w+))/.exec(line.slice(i));
      if (!m) {
        out += c;
        continue;
      }
      if (m[2]) out += client.escapeLiteral(value(m[2]));
      else if (m[3]) out += client.escapeIdentifier(value(m[3]));
      else out += value(m[4]);
      i += m[0].length - 1;
    }
    const gexec = /\\gexec\s*$/.test(out);
    if (gexec) out = out.replace(/\\gexec\s*$/, '');
    if (out.includes('\\')) throw new Error(`service-role.sql: unsupported psql command in ${trimmed}`);
    buffer += `${out}\n`;
    if (gexec) flush(true);
    else if (/;\s*$/.test(out)) flush(false);
  }
  flush(false);
  return statements;
}

/** Runs service-role.sql for one service on `client` (connected to the target database as an admin). */
export async function runServiceRoleSql(
  client: Client,
  { service, password, prefix = '' }: { service: string; password: string; prefix?: string },
): Promise<void> {
  const sql = fs.readFileSync(SQL_FILE, 'utf8');
  for (const statement of psqlStatements(sql, { service, password, prefix }, client)) {
    const result = await client.query<Record<string, string | null>>(statement.sql);
    if (!statement.gexec) continue;
    for (const row of result.rows) for (const cell of Object.values(row)) if (cell !== null) await client.query(cell);
  }
}

/**
 * The role prefix of a database: `<database>_` (`sms_account_wallet`, `sms_e2e_test_<token>_wallet`),
 * so the roles of two databases on one cluster never collide and say whose they are.
 */
export function rolePrefixFor(database: string): string {
  const base = database
    .toLowerCase()
    .replace(/[^a-z0-9_]/g, '_')
    .replace(/^([^a-z_])/, '_$1');
  const longest = Math.max(...SERVICES.map((s) => s.length));
  if (base.length + 1 + longest > MAX_ROLE_LENGTH)
    throw new Error(
      `database name "${database}" is too long to prefix its services' roles (at most ${MAX_ROLE_LENGTH - 1 - longest} characters)`,
    );
  return `${base}_`;
}

export function roleName(prefix: string, service: string): string {
  const name = `${prefix}${service}`;
  if (name.length > MAX_ROLE_LENGTH || !/^[a-z_][a-z0-9_]*$/.test(name))
    throw new Error(`database role name "${name}" must be lowercase letters, digits and _, at most 63 characters`);
  return name;
}

/** The cluster's maintenance database (`postgres`) on `url`'s server, as `url`'s user. */
function maintenanceUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

/** `url` with another user and password. */
function urlAs(url: string, user: string, password: string): string {
  const u = new URL(url);
  u.username = encodeURIComponent(user);
  u.password = encodeURIComponent(password);
  return u.toString();
}

/**
 * Creates (or resets) each service's role on the database of `databaseUrl`, which must connect as a
 * role that may create roles (the cluster's superuser in development and tests). Each role gets a
 * new random password (`password(service)` to choose one), owns the schema of its service and
 * nothing else; objects already in that schema are handed to it (a database the services used to
 * reach as the superuser). Resolves { roles: {service: role}, urls: {service: DATABASE_URL} }.
 */
export interface ServiceRoles {
  /** service → its role's name. */
  roles: Record<string, string>;
  /** service → its DATABASE_URL (its role, its password). */
  urls: Record<string, string>;
}

export async function bootstrapServiceRoles({
  databaseUrl,
  prefix = '',
  services = SERVICES,
  password,
}: {
  databaseUrl: string;
  prefix?: string;
  services?: readonly string[];
  password?: (service: string) => string;
}): Promise<ServiceRoles> {
  const client = new Client({ connectionString: databaseUrl, connectionTimeoutMillis: 10000 });
  client.on('error', () => undefined);
  await client.connect();
  const roles: Record<string, string> = {};
  const urls: Record<string, string> = {};
  try {
    for (const service of services) {
      const role = roleName(prefix, service);
      const secret = password ? password(service) : crypto.randomBytes(24).toString('base64url');
      await runServiceRoleSql(client, { service, password: secret, prefix });
      roles[service] = role;
      urls[service] = urlAs(databaseUrl, role, secret);
    }
  } catch (err) {
    const who = decodeURIComponent(new URL(databaseUrl).username) || 'the default user';
    throw new Error(`cannot create the services' database roles as ${who}: ${(err as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
  return { roles, urls };
}

/**
 * Drops the roles `<prefix><service>` (run after dropping their database: a role that still owns
 * objects cannot be dropped, and the error says where). `adminUrl`: the superuser's URL of any
 * database of the cluster (its `postgres` database is used).
 */
export async function dropServiceRoles({
  adminUrl,
  prefix,
  services = SERVICES,
}: {
  adminUrl: string;
  prefix: string;
  services?: readonly string[];
}): Promise<void> {
  if (!prefix) throw new Error('dropServiceRoles needs the prefix of the roles to drop');
  const client = new Client({ connectionString: maintenanceUrl(adminUrl), connectionTimeoutMillis: 10000 });
  client.on('error', () => undefined);
  await client.connect();
  try {
    for (const service of services) {
      const role = roleName(prefix, service);
      try {
        await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(role)}`);
      } catch (err) {
        // Dropped meanwhile by another run's sweep (dropOrphanRunRoles) is as good.
        const left = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [role]);
        if ((left.rowCount ?? 0) > 0) throw err;
      }
    }
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Drops the roles of per-run databases (tests, chaos, benchmarks: RUN_ROLE) that no longer exist:
 * what a run killed before its teardown left behind. A role that still owns something is kept.
 * Resolves the names dropped.
 */
export async function dropOrphanRunRoles(adminUrl: string): Promise<string[]> {
  const client = new Client({ connectionString: maintenanceUrl(adminUrl), connectionTimeoutMillis: 10000 });
  client.on('error', () => undefined);
  await client.connect();
  const dropped: string[] = [];
  try {
    const { rows } = await client.query<{ rolname: string }>(
      `SELECT rolname FROM pg_roles WHERE rolname LIKE 'sms\\_%' AND NOT rolsuper AND NOT rolcreaterole`,
    );
    const { rows: dbs } = await client.query<{ datname: string }>('SELECT datname FROM pg_database');
    const databases = new Set(dbs.map((d) => d.datname));
    for (const { rolname } of rows) {
      const m = RUN_ROLE.exec(rolname);
      if (!m || databases.has(m[1])) continue;
      try {
        await client.query(`DROP ROLE IF EXISTS ${client.escapeIdentifier(rolname)}`);
        dropped.push(rolname);
      } catch {
        // still owns something, or another run is dropping it: leave it
      }
    }
  } finally {
    await client.end().catch(() => undefined);
  }
  return dropped;
}
