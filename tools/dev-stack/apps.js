// Starting the compiled apps (dist/apps/<app>/src/main.js) and waiting for the gateway's readiness.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnManaged, logLine, setLabelWidth } = require('./processes');
const { sleep } = require('./net');

const { REPO_ROOT } = require('../runtime/paths');
const SERVICE_APPS = ['identity', 'wallet', 'messaging', 'reporting', 'billing', 'notifications'];
const ALL_APPS = [...SERVICE_APPS, 'gateway'];

function appMain(app, repoRoot = REPO_ROOT) {
  return path.join(repoRoot, 'dist', 'apps', app, 'src', 'main.js');
}

/** `REPLICAS` (default 1): how many processes of every app; an integer from 1 to 8. */
function replicasFrom(env = process.env) {
  const raw = env.REPLICAS === undefined || env.REPLICAS === '' ? '1' : env.REPLICAS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 8) throw new Error(`REPLICAS must be an integer from 1 to 8 (got "${raw}")`);
  return n;
}

/** The label of replica `i` (1-based) of `app`: `wallet` alone, `wallet#2` among several. */
function replicaName(app, i, replicas) {
  return replicas > 1 ? `${app}#${i}` : app;
}

/**
 * The environment of replica `i` of `app`. With several replicas a fixed METRICS_PORT would
 * collide: each takes a free one (METRICS_PORT=0, logged as "metrics listening"), and gateway
 * replica i listens on gatewayPorts[i - 1] (the balancer owns the public PORT).
 */
function replicaEnv(env, app, i, replicas, gatewayPorts) {
  if (replicas === 1) return env;
  const out = { ...env };
  if (Number(env.METRICS_PORT) > 0) out.METRICS_PORT = '0';
  if (app === 'gateway') out.PORT = String(gatewayPorts[i - 1]);
  return out;
}

/**
 * Spawns `replicas` processes of each app of `apps` (services first, gateway last) as
 * `node -r ./dist/tools/runtime/register-aliases.js dist/apps/<app>/src/main.js` with `env` and, over
 * it, `appEnv(app)` (its own NATS user and keys), cwd = repo root.
 * `nodeArgs` go before the script (e.g. ['--cpu-prof', '--cpu-prof-dir=…'] for profiles written on exit).
 * Apps without a compiled main.js are skipped with a warning. With several replicas, the gateway's
 * go on `gatewayPorts` (see replicaEnv).
 * `onExit(name, {code, signal})` is called whenever one of them exits (name: `wallet` or `wallet#2`).
 * Resolves { handles, started, skipped, stop() }; stop() ends the gateway first, then the services.
 */
async function startApps({
  env = process.env,
  appEnv = () => ({}),
  apps = ALL_APPS,
  repoRoot = REPO_ROOT,
  onExit,
  quiet = false,
  log = defaultLog,
  replicas = 1,
  gatewayPorts = [],
  nodeArgs = [],
} = {}) {
  const ordered = [...apps].sort((a, b) => (a === 'gateway') - (b === 'gateway'));
  setLabelWidth(Math.max(...ordered.map((a) => replicaName(a, replicas, replicas).length)));
  const handles = [];
  const skipped = [];
  for (const app of ordered) {
    const main = appMain(app, repoRoot);
    if (!fs.existsSync(main)) {
      log(
        `WARNING: ${path.relative(repoRoot, main)} not found, ${app} is not started (run \`npm run build\`?)`,
        process.stderr,
      );
      skipped.push(app);
      continue;
    }
    for (let i = 1; i <= replicas; i++) {
      const name = replicaName(app, i, replicas);
      const handle = spawnManaged(
        name,
        process.execPath,
        [...nodeArgs, '-r', path.join(repoRoot, 'dist', 'tools', 'runtime', 'register-aliases.js'), path.relative(repoRoot, main)],
        { env: replicaEnv({ ...env, ...appEnv(app) }, app, i, replicas, gatewayPorts), cwd: repoRoot, quiet },
      );
      handle.app = app;
      handle.exited.then((info) => onExit && onExit(name, info));
      handles.push(handle);
    }
  }
  let stopping = null;
  const stop = () => {
    stopping =
      stopping ||
      (async () => {
        const gateway = handles.filter((h) => h.app === 'gateway');
        const services = handles.filter((h) => h.app !== 'gateway');
        await Promise.all(gateway.map((h) => h.stop(10000)));
        await Promise.all(services.map((h) => h.stop(10000)));
      })();
    return stopping;
  };
  return { handles, started: [...new Set(handles.map((h) => h.app))], skipped, stop };
}

/**
 * Polls `url` (the gateway's /api/v1/health/ready) until it answers 200. When `services` is given,
 * a 503 whose body reports every one of those services 'ok' also counts (useful when some apps
 * are not built yet). Rejects after timeoutMs, or as soon as shouldAbort() returns a reason.
 * Resolves with the parsed body.
 */
async function waitForReady(url, { timeoutMs = 60000, intervalMs = 250, services, shouldAbort } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    const reason = shouldAbort && shouldAbort();
    if (reason) throw new Error(reason);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      const text = await res.text();
      let body = null;
      try {
        body = JSON.parse(text);
      } catch {
        /* not JSON */
      }
      if (res.status === 200) return body;
      if (services && body && body.services && services.every((s) => body.services[s] === 'ok')) return body;
      last = `HTTP ${res.status} ${text.slice(0, 300)}`;
    } catch (err) {
      last = err.cause ? err.cause.code || err.cause.message : err.message;
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${timeoutMs} ms (last: ${last})`);
    await sleep(intervalMs);
  }
}

function defaultLog(message, stream) {
  logLine('dev-stack', message, stream);
}

module.exports = {
  REPO_ROOT,
  SERVICE_APPS,
  ALL_APPS,
  appMain,
  startApps,
  waitForReady,
  replicasFrom,
  replicaName,
  replicaEnv,
};
