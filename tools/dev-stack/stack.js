// The whole local stack: PostgreSQL + NATS + the seven apps, stopped in reverse order.
// Used by start.js (`npm start`), the benchmarks and anything else that needs a running gateway.
'use strict';
const { ensurePostgres, dropDatabase, databaseName } = require('./postgres');
const { ensureNats } = require('./nats');
const { ensureSmsc } = require('./smsc');
const { REPO_ROOT, ALL_APPS, SERVICE_APPS, startApps, waitForReady, replicasFrom } = require('./apps');
const { startBalancer } = require('./balancer');
const { isPortOpen, findFreePort } = require('./net');
const { logLine } = require('./processes');
const { devSigningKeys, devAdminToken, DEV_SENDER_ALLOW_LIST } = require('./keys');
const { bootstrapServiceRoles, dropServiceRoles, dropOrphanRunRoles, rolePrefixFor } = require('../db/service-roles');

function defaultLog(message, stream) {
  logLine('dev-stack', message, stream);
}

function describeExit(info) {
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
 * services' own (tools/db/service-roles.js), dropped with the database when dropDatabaseOnStop.
 * `nats.auth.harnessConnectOptions()` / `nats.auth.harnessEnv` let a tool connect (every
 * permission) and sign requests as the gateway would; `env` holds no NATS seed.
 */
function createStack(options = {}) {
  const baseEnv = options.env || process.env;
  const log = options.log || defaultLog;
  const apps = options.apps || ALL_APPS;
  const parts = { postgres: null, nats: null, apps: null, smsc: null, balancer: null };
  const replicas = options.replicas || replicasFrom(baseEnv);
  let stopping = null;
  let started = false;
  let failure = null;

  const stop = () => {
    stopping =
      stopping ||
      (async () => {
        if (parts.balancer) await parts.balancer.stop();
        if (parts.apps) await parts.apps.stop();
        if (parts.smsc)
          await parts.smsc.stop().catch((e) => log(`stopping the SMSC simulator: ${e.message}`, process.stderr));
        if (parts.nats) await parts.nats.stop().catch((e) => log(`stopping NATS: ${e.message}`, process.stderr));
        if (parts.postgres) {
          if (options.dropDatabaseOnStop) {
            const name = databaseName(parts.postgres.url);
            await dropDatabase(parts.postgres.url)
              .then(() => log(`dropped database ${name}`))
              .catch((e) => log(`could not drop ${name}: ${e.message}`, process.stderr));
            if (parts.roles)
              await dropServiceRoles({ adminUrl: parts.postgres.url, prefix: parts.roles.prefix }).catch((e) =>
                log(`could not drop the roles ${parts.roles.prefix}*: ${e.message}`, process.stderr),
              );
          }
          await parts.postgres.stop().catch((e) => log(`stopping PostgreSQL: ${e.message}`, process.stderr));
        }
      })();
    return stopping;
  };

  const childDied = (name, info) => {
    if (stopping) return;
    failure = failure || `${name} exited unexpectedly (${describeExit(info)})`;
    if (started) {
      log(failure, process.stderr);
      stop().then(() => options.onUnexpectedExit && options.onUnexpectedExit(name, info));
    }
  };

  /** Records a started part; if stop() was called meanwhile, stops it and aborts start(). */
  const adopt = async (key, part) => {
    parts[key] = part;
    if (stopping) {
      await stop(); // already running: wait for it…
      await part.stop(); // …and make sure this late part is down too (idempotent)
      throw new Error('stopped during start-up');
    }
  };

  const start = async () => {
    try {
      const port = options.port === 'auto' ? await findFreePort(0) : Number(options.port || baseEnv.PORT || 3000);
      if (await isPortOpen(port)) throw new Error(`port ${port} is already in use; set PORT to another one`);

      await adopt(
        'postgres',
        await ensurePostgres({ env: baseEnv, repoRoot: REPO_ROOT, database: options.database, log }),
      );
      if (parts.postgres.handle) parts.postgres.handle.exited.then((info) => childDied('postgres', info));
      // One role per service, owner of its schema only (tools/db/service-role.sql), a new random
      // password per start; the services connect as it and migrate as it. Tools keep env.DATABASE_URL.
      const rolePrefix = rolePrefixFor(databaseName(parts.postgres.url));
      if (options.dropDatabaseOnStop) await dropOrphanRunRoles(parts.postgres.url).catch(() => undefined);
      parts.roles = {
        prefix: rolePrefix,
        ...(await bootstrapServiceRoles({ databaseUrl: parts.postgres.url, prefix: rolePrefix })),
      };
      log(`database roles ${rolePrefix}<service>: each service owns its own schema only`);
      const natsPrefix = { ...baseEnv, ...(options.overrides || {}) }.NATS_PREFIX || '';
      await adopt(
        'nats',
        await ensureNats({
          env: baseEnv,
          repoRoot: REPO_ROOT,
          log,
          storeDir: options.natsStoreDir,
          prefix: natsPrefix,
        }),
      );
      if (parts.nats.handle) parts.nats.handle.exited.then((info) => childDied('nats-server', info));
      for (const h of parts.nats.handles || []) h.exited.then((info) => childDied(h.name, info));

      let smppEnv = {};
      if (options.carrier === 'smpp') {
        await adopt('smsc', await ensureSmsc({ env: baseEnv, repoRoot: REPO_ROOT, log, quiet: options.quietApps }));
        if (parts.smsc.handle) parts.smsc.handle.exited.then((info) => childDied('smsc-simulator', info));
        smppEnv = { CARRIER: 'smpp', SMPP_URL: parts.smsc.url };
      }

      const env = {
        ...baseEnv,
        ...smppEnv,
        ...(options.overrides || {}),
        DATABASE_URL: parts.postgres.url,
        NATS_URL: parts.nats.url,
        PORT: String(port),
        JWT_SIGNING_KEYS: devSigningKeys({ ...baseEnv, ...(options.overrides || {}) }, REPO_ROOT),
        ADMIN_TOKEN: devAdminToken({ ...baseEnv, ...(options.overrides || {}) }, REPO_ROOT),
        SENDER_ALLOW_LIST: { ...baseEnv, ...(options.overrides || {}) }.SENDER_ALLOW_LIST ?? DEV_SENDER_ALLOW_LIST,
      };
      // Never handed on: another stack's seed or signing key in the caller's environment.
      for (const v of ['NATS_NKEY_SEED', 'NATS_NKEY_SEED_FILE', 'NATS_INBOX_PREFIX', 'ACTOR_ASSERTION_SIGNING_KEY'])
        delete env[v];
      // The apps never get the admin URL: each service its own role's, the gateway none (it has no database).
      const appsEnv = { ...env };
      delete appsEnv.DATABASE_URL;
      const appEnv = (app) => ({
        ...parts.nats.auth.appEnv(app),
        ...(parts.roles.urls[app] ? { DATABASE_URL: parts.roles.urls[app] } : {}),
      });
      const gatewayPorts = [];
      while (replicas > 1 && gatewayPorts.length < replicas) {
        const p = await findFreePort(0);
        if (p !== port && !gatewayPorts.includes(p)) gatewayPorts.push(p);
      }
      await adopt(
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
        await adopt('balancer', await startBalancer({ port, host: '0.0.0.0', upstreams: () => gatewayPorts }));
        log(`${replicas} replicas of every app; gateway replicas on ${gatewayPorts.join(', ')} behind :${port}`);
      }

      const baseUrl = `http://localhost:${port}`;
      const readyUrl = `http://127.0.0.1:${port}/api/v1/health/ready`;
      const result = {
        env,
        port,
        baseUrl,
        apiUrl: `${baseUrl}/api/v1`,
        docsUrl: `${baseUrl}/api/docs`,
        readyUrl,
        postgres: parts.postgres,
        roles: parts.roles,
        nats: parts.nats,
        smsc: parts.smsc,
        apps: parts.apps,
        replicas,
        gatewayPorts,
        stop,
      };
      if (!parts.apps.started.includes('gateway')) {
        log('WARNING: the gateway is not built, not waiting for readiness', process.stderr);
      } else {
        const partial = parts.apps.skipped.length > 0;
        await waitForReady(readyUrl, {
          timeoutMs: options.readyTimeoutMs || 60000,
          // With apps missing, "ready" means: every service we did start answers.
          services: partial ? SERVICE_APPS.filter((s) => parts.apps.started.includes(s)) : undefined,
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
function startStack(options) {
  return createStack(options).start();
}

module.exports = { createStack, startStack };
