// The whole local stack: PostgreSQL + NATS + the seven apps, stopped in reverse order.
// Used by start.js (`npm start`), the benchmarks and anything else that needs a running gateway.
import { StackPostgres, ensurePostgres, dropDatabase, databaseName } from './postgres';
import { StackNats, ensureNats } from './nats';
import { StackSmsc, ensureSmsc } from './smsc';
import {
  Env,
  Log,
  REPO_ROOT,
  ALL_APPS,
  SERVICE_APPS,
  StartedApps,
  startApps,
  waitForReady,
  replicasFrom,
} from './apps';
import { BalancerProcess, startBalancerProcess } from './balancer-process';
import { isPortOpen, findFreePort } from './net';
import { ExitInfo, logLine } from './processes';
import { devSigningKeys, devAdminToken, DEV_SENDER_ALLOW_LIST } from './keys';
import {
  ServiceRoles,
  bootstrapServiceRoles,
  dropServiceRoles,
  dropOrphanRunRoles,
  rolePrefixFor,
} from '../db/service-roles';

function defaultLog(message: string, stream?: NodeJS.WritableStream): void {
  logLine('dev-stack', message, stream);
}

function describeExit(info: ExitInfo | null): string {
  if (!info) return 'not started';
  if (info.error) return info.error.message;
  return info.signal ? `signal ${info.signal}` : `code ${info.code}`;
}

/**
 * A stack controller: `await stack.start()` brings everything up and resolves once the gateway
 * is ready; `stack.stop()` may be called at any time (also during start) and stops what runs:
 * apps (gateway first), then NATS, then PostgreSQL, dropping the database if asked.
 * Options:
 *   env                 base environment (default process.env); DATABASE_URL / NATS_URL in it are honoured
 *   overrides           variables forced onto the apps (e.g. { AUTH_RATE_LIMIT_PER_MINUTE: '100000' })
 *   apps                which apps (default all seven)
 *   database            database name to use/create instead of sms_account (e.g. `sms_bench_<ts>`)
 *   dropDatabaseOnStop  drop that database in stop()
 *   port                gateway port; 'auto' = a free one (default env.PORT or 3000)
 *   readyTimeoutMs      default 60000
 *   quietApps           do not pass the apps' output through
 *   onUnexpectedExit(name, info)  called, after the stack stopped, when a child died after start()
 *   nodeArgs            extra node flags for every app (e.g. ['--cpu-prof', '--cpu-prof-dir=…'])
 *   natsStoreDir        JetStream store of a nats-server started here (default: a temporary directory)
 *   carrier             'smpp': messaging sends over SMPP to SMPP_URL, or to a simulator started here
 *                       when SMPP_URL is unset; default: the apps' own default (the in-process simulator)
 *   replicas            processes of every app (default env.REPLICAS or 1); with more than one, the
 *                       gateway replicas listen on free ports behind a round-robin balancer on `port`
 * start() resolves { env, port, baseUrl, apiUrl, docsUrl, readyUrl, postgres, roles, nats, apps, stop };
 * `env.DATABASE_URL` is the admin URL (for tools); `roles` = { prefix, roles, urls } are the
 * services' own (tools/db/service-roles.ts), dropped with the database when dropDatabaseOnStop.
 * `nats.auth.harnessConnectOptions()` / `nats.auth.harnessEnv` let a tool connect (every
 * permission) and sign requests as the gateway would; `env` holds no NATS seed.
 */
export interface StackOptions {
  env?: Env;
  overrides?: Env;
  apps?: readonly string[];
  database?: string;
  dropDatabaseOnStop?: boolean;
  port?: number | string;
  readyTimeoutMs?: number;
  quietApps?: boolean;
  onUnexpectedExit?: (name: string, info: ExitInfo | null) => void;
  nodeArgs?: readonly string[];
  natsStoreDir?: string;
  carrier?: 'smpp';
  replicas?: number;
  log?: Log;
}

export interface StackRoles extends ServiceRoles {
  prefix: string;
}

export interface StackParts {
  postgres: StackPostgres | null;
  roles?: StackRoles;
  nats: StackNats | null;
  apps: StartedApps | null;
  smsc: StackSmsc | null;
  balancer: BalancerProcess | null;
}

export interface RunningStack {
  env: Record<string, string>;
  port: number;
  baseUrl: string;
  apiUrl: string;
  docsUrl: string;
  readyUrl: string;
  postgres: StackPostgres;
  roles: StackRoles;
  nats: StackNats;
  smsc: StackSmsc | null;
  apps: StartedApps;
  replicas: number;
  gatewayPorts: number[];
  stop(): Promise<void>;
}

export interface Stack {
  start(): Promise<RunningStack>;
  stop(): Promise<void>;
  parts: StackParts;
}

type Part = { stop(): Promise<unknown> };

/** Only the variables that are set (the apps' environment is strings). */
function definedOnly(env: Env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

export function createStack(options: StackOptions = {}): Stack {
  const baseEnv = options.env || process.env;
  const log = options.log || defaultLog;
  const apps = options.apps || ALL_APPS;
  const parts: StackParts = { postgres: null, nats: null, apps: null, smsc: null, balancer: null };
  const replicas = options.replicas || replicasFrom(baseEnv);
  let stopping: Promise<void> | null = null;
  let started = false;
  let failure: string | null = null;

  const stop = (): Promise<void> => {
    stopping =
      stopping ||
      (async () => {
        if (parts.balancer) await parts.balancer.stop();
        if (parts.apps) await parts.apps.stop();
        if (parts.smsc)
          await parts.smsc.stop().catch((e: Error) => log(`stopping the SMSC simulator: ${e.message}`, process.stderr));
        if (parts.nats) await parts.nats.stop().catch((e: Error) => log(`stopping NATS: ${e.message}`, process.stderr));
        if (parts.postgres) {
          if (options.dropDatabaseOnStop) {
            const name = databaseName(parts.postgres.url);
            await dropDatabase(parts.postgres.url)
              .then(() => log(`dropped database ${name}`))
              .catch((e: Error) => log(`could not drop ${name}: ${e.message}`, process.stderr));
            const roles = parts.roles;
            if (roles)
              await dropServiceRoles({ adminUrl: parts.postgres.url, prefix: roles.prefix }).catch((e: Error) =>
                log(`could not drop the roles ${roles.prefix}*: ${e.message}`, process.stderr),
              );
          }
          await parts.postgres.stop().catch((e: Error) => log(`stopping PostgreSQL: ${e.message}`, process.stderr));
        }
      })();
    return stopping;
  };

  const childDied = (name: string, info: ExitInfo | null): void => {
    if (stopping) return;
    failure = failure || `${name} exited unexpectedly (${describeExit(info)})`;
    if (started) {
      log(failure, process.stderr);
      void stop().then(() => options.onUnexpectedExit && options.onUnexpectedExit(name, info));
    }
  };

  /** Records a started part; if stop() was called meanwhile, stops it and aborts start(). */
  const adopt = async <K extends 'postgres' | 'nats' | 'apps' | 'smsc' | 'balancer'>(
    key: K,
    part: NonNullable<StackParts[K]> & Part,
  ): Promise<NonNullable<StackParts[K]>> => {
    parts[key] = part;
    if (stopping) {
      await stop(); // already running: wait for it…
      await part.stop(); // …and make sure this late part is down too (idempotent)
      throw new Error('stopped during start-up');
    }
    return part;
  };

  const start = async (): Promise<RunningStack> => {
    try {
      const port = options.port === 'auto' ? await findFreePort(0) : Number(options.port || baseEnv.PORT || 3000);
      if (await isPortOpen(port)) throw new Error(`port ${port} is already in use; set PORT to another one`);

      const postgres = await adopt(
        'postgres',
        await ensurePostgres({ env: baseEnv, repoRoot: REPO_ROOT, database: options.database, log }),
      );
      if (postgres.handle) void postgres.handle.exited.then((info) => childDied('postgres', info));
      // One role per service, owner of its schema only (tools/db/service-role.sql), a new random
      // password per start; the services connect as it and migrate as it. Tools keep env.DATABASE_URL.
      const rolePrefix = rolePrefixFor(databaseName(postgres.url));
      if (options.dropDatabaseOnStop) await dropOrphanRunRoles(postgres.url).catch(() => undefined);
      const roles: StackRoles = {
        prefix: rolePrefix,
        ...(await bootstrapServiceRoles({ databaseUrl: postgres.url, prefix: rolePrefix })),
      };
      parts.roles = roles;
      log(`database roles ${rolePrefix}<service>: each service owns its own schema only`);
      const natsPrefix = { ...baseEnv, ...(options.overrides || {}) }.NATS_PREFIX || '';
      const nats = await adopt(
        'nats',
        await ensureNats({
          env: baseEnv,
          repoRoot: REPO_ROOT,
          log,
          storeDir: options.natsStoreDir,
          prefix: natsPrefix,
        }),
      );
      if (nats.handle) void nats.handle.exited.then((info) => childDied('nats-server', info));
      for (const h of nats.handles || []) void h.exited.then((info) => childDied(h.name, info));

      let smppEnv: Env = {};
      if (options.carrier === 'smpp') {
        const smsc = await adopt(
          'smsc',
          await ensureSmsc({ env: baseEnv, repoRoot: REPO_ROOT, log, quiet: options.quietApps }),
        );
        if (smsc.handle) void smsc.handle.exited.then((info) => childDied('smsc-simulator', info));
        smppEnv = { CARRIER: 'smpp', SMPP_URL: smsc.url };
      }

      const env: Record<string, string> = definedOnly({
        ...baseEnv,
        ...smppEnv,
        ...(options.overrides || {}),
        DATABASE_URL: postgres.url,
        NATS_URL: nats.url,
        PORT: String(port),
        JWT_SIGNING_KEYS: devSigningKeys({ ...baseEnv, ...(options.overrides || {}) }, REPO_ROOT),
        ADMIN_TOKEN: devAdminToken({ ...baseEnv, ...(options.overrides || {}) }, REPO_ROOT),
        SENDER_ALLOW_LIST: { ...baseEnv, ...(options.overrides || {}) }.SENDER_ALLOW_LIST ?? DEV_SENDER_ALLOW_LIST,
      });
      // Never handed on: another stack's seed or signing key in the caller's environment.
      for (const v of ['NATS_NKEY_SEED', 'NATS_NKEY_SEED_FILE', 'NATS_INBOX_PREFIX', 'ACTOR_ASSERTION_SIGNING_KEY', 'ACTOR_ASSERTION_KEY'])
        delete env[v];
      // The apps never get the admin URL: each service its own role's, the gateway none (it has no database).
      const appsEnv = { ...env };
      delete appsEnv.DATABASE_URL;
      const appEnv = (app: string): Env => ({
        ...nats.auth.appEnv(app),
        ...(roles.urls[app] ? { DATABASE_URL: roles.urls[app] } : {}),
      });
      const gatewayPorts: number[] = [];
      while (replicas > 1 && gatewayPorts.length < replicas) {
        const p = await findFreePort(0);
        if (p !== port && !gatewayPorts.includes(p)) gatewayPorts.push(p);
      }
      const startedApps = await adopt(
        'apps',
        await startApps({
          env: appsEnv,
          appEnv,
          apps,
          repoRoot: REPO_ROOT,
          quiet: options.quietApps,
          onExit: childDied,
          log,
          replicas,
          gatewayPorts,
          nodeArgs: options.nodeArgs,
        }),
      );
      if (replicas > 1) {
        // Its own process, as the apps (balancer-process.ts); its death stops the stack like theirs.
        await adopt(
          'balancer',
          await startBalancerProcess({
            port,
            host: '0.0.0.0',
            upstreams: gatewayPorts,
            quiet: options.quietApps,
            onExit: (info) => childDied('balancer', info),
          }),
        );
        log(`${replicas} replicas of every app; gateway replicas on ${gatewayPorts.join(', ')} behind :${port}`);
      }

      const baseUrl = `http://localhost:${port}`;
      const readyUrl = `http://127.0.0.1:${port}/api/v1/health/ready`;
      const result: RunningStack = {
        env,
        port,
        baseUrl,
        apiUrl: `${baseUrl}/api/v1`,
        docsUrl: `${baseUrl}/api/docs`,
        readyUrl,
        postgres,
        roles,
        nats,
        smsc: parts.smsc,
        apps: startedApps,
        replicas,
        gatewayPorts,
        stop,
      };
      if (!startedApps.started.includes('gateway')) {
        log('WARNING: the gateway is not built, not waiting for readiness', process.stderr);
      } else {
        const partial = startedApps.skipped.length > 0;
        await waitForReady(readyUrl, {
          timeoutMs: options.readyTimeoutMs || 60000,
          // With apps missing, "ready" means: every service we did start answers.
          services: partial ? SERVICE_APPS.filter((s) => startedApps.started.includes(s)) : undefined,
          shouldAbort: () => failure || (stopping && 'stopped during start-up'),
        });
      }
      if (failure) throw new Error(failure);
      started = true;
      return result;
    } catch (err) {
      await stop();
      throw failure ? new Error(failure) : err;
    }
  };

  return { start, stop, parts };
}

/** createStack(options).start() — for callers that do not need to stop during start-up. */
export function startStack(options?: StackOptions): Promise<RunningStack> {
  return createStack(options).start();
}
