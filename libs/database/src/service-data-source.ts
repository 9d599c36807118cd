import { Logger } from '@nestjs/common';
import { DataSource, DataSourceOptions, MixedList, EntitySchema } from 'typeorm';
import { GuardedClient } from './guarded-client';

export interface ServiceDataSourceOptions {
  url: string;
  /** The service's own PostgreSQL schema; nothing else writes there. */
  schema: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string | EntitySchema>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
  poolSize?: number;
  /**
   * Refuse to start when connected as a superuser (default: with NODE_ENV=production): a service
   * connects as its own role, owner of its schema only (tools/db).
   */
  refuseSuperuser?: boolean;
}

export function serviceDataSourceOptions(opts: ServiceDataSourceOptions): DataSourceOptions {
  return {
    type: 'postgres',
    url: opts.url,
    schema: opts.schema,
    entities: opts.entities,
    migrations: opts.migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: false,
    // GuardedClient: a connection terminated between its listeners never ends the process.
    extra: { max: opts.poolSize ?? 10, application_name: `sms-${opts.schema}`, Client: GuardedClient },
  };
}

/**
 * Connects, creates the schema when missing and applies pending migrations, under an
 * advisory lock so that replicas starting together never race on DDL.
 */
export async function openServiceDataSource(opts: ServiceDataSourceOptions): Promise<DataSource> {
  const ds = new DataSource(serviceDataSourceOptions(opts));
  await initializeWhenReachable(ds, opts.schema);
  try {
    // An outage between connecting and migrating is waited out too (a chaos run saw identity exit
    // here while PostgreSQL refused connections); each migration is its own transaction, so a pass
    // cut short is simply done again.
    await whenDatabaseReachable(() => migrate(ds, opts), `${opts.schema}: migrations`);
  } catch (err) {
    await ds.destroy();
    throw err;
  }
  return ds;
}

async function migrate(ds: DataSource, opts: ServiceDataSourceOptions): Promise<void> {
  const runner = ds.createQueryRunner();
  try {
    await runner.connect();
    if (opts.refuseSuperuser ?? process.env.NODE_ENV === 'production') await refuseSuperuser(runner, opts.schema);
    await runner.query('SELECT pg_advisory_lock(hashtext($1))', [`migrate:${opts.schema}`]);
    // Only when missing: a service's own role (tools/db) owns its schema but may not create schemas.
    const found: unknown[] = await runner.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [opts.schema]);
    if (found.length === 0) await runner.query(`CREATE SCHEMA IF NOT EXISTS "${opts.schema}"`);
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [`migrate:${opts.schema}`]).catch(() => undefined);
    await runner.release().catch(() => undefined);
  }
}

async function refuseSuperuser(runner: { query(sql: string): Promise<unknown> }, schema: string): Promise<void> {
  const [row] = (await runner.query(`SELECT current_user AS "user", current_setting('is_superuser') = 'on' AS su`)) as {
    user: string;
    su: boolean;
  }[];
  if (row.su)
    throw new Error(
      `DATABASE_URL connects ${schema} as ${row.user}, a superuser; refusing to start with NODE_ENV=production ` +
        `(give it its own role: tools/db/README.md)`,
    );
}

/** Connection-level failures: the server is down, restarting or refusing; they end by themselves. */
const UNREACHABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'EAI_AGAIN',
  '57P01',
  '57P02',
  '57P03',
  '53300',
]);

export function isDatabaseUnreachable(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (UNREACHABLE.has(code) || code.startsWith('08'))) return true;
  // TypeORM's name for a query on a connection PostgreSQL terminated meanwhile (its initialize()
  // reads the current schema on one: a chaos run's pg fault at start ended reporting with it).
  if (err instanceof Error && err.name === 'QueryRunnerAlreadyReleasedError') return true;
  return err instanceof Error && /Connection terminated|not currently accepting connections/i.test(err.message);
}

/** A service started while PostgreSQL is down (or restarting) waits for it instead of exiting. */
function initializeWhenReachable(ds: DataSource, schema: string): Promise<void> {
  return whenDatabaseReachable(async () => {
    await ds.initialize();
  }, schema);
}

/**
 * Runs `work`, again and again with a growing pause (up to 2 s) for as long as it fails because
 * PostgreSQL is unreachable (refused, restarting, connection cut); any other error is thrown. For
 * start-up work (a first pass, a LISTEN) that must not end the process during a database outage.
 */
export async function whenDatabaseReachable<T>(work: () => Promise<T>, what: string): Promise<T> {
  const logger = new Logger('Database');
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (err) {
      if (!isDatabaseUnreachable(err)) throw err;
      if (attempt === 1 || attempt % 10 === 0) {
        logger.warn({ msg: `${what}: PostgreSQL unreachable, retrying`, attempt, error: String(err) });
      }
      await new Promise((r) => setTimeout(r, Math.min(2000, 100 * 2 ** attempt)));
    }
  }
}
