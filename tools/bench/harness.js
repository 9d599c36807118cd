// Helpers shared by the *.bench.js files: an isolated stack, a logged-in user, autocannon runs.
'use strict';
const crypto = require('crypto');
const autocannon = require('autocannon');
const { createStack } = require('../dev-stack/stack');
const { logLine } = require('../dev-stack/processes');

const log = (message, stream) => logLine('bench', message, stream);

/**
 * Starts the dev stack the way `npm start` does, but isolated: database `sms_bench_<ts>` (dropped at
 * the end), NATS_PREFIX `b<rand>.`, a free gateway port, generous auth rate limits, LOG_LEVEL warn
 * (BENCH_LOG_LEVEL to change). Runs `fn(stack)` and always stops everything; Ctrl-C also cleans up.
 */
async function withBenchStack(fn, { overrides = {}, apps, carrier, nodeArgs, replicas } = {}) {
  const ts = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const stack = createStack({
    apps,
    carrier,
    nodeArgs,
    replicas,
    database: `sms_bench_${ts}_${crypto.randomBytes(2).toString('hex')}`,
    dropDatabaseOnStop: true,
    // A loaded shared machine can take over a minute to start seven apps (BENCH_READY_TIMEOUT_MS).
    readyTimeoutMs: Number(process.env.BENCH_READY_TIMEOUT_MS || 180_000),
    port: 'auto',
    overrides: {
      NATS_PREFIX: `b${crypto.randomBytes(4).toString('hex')}.`,
      AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
      LOGIN_RATE_LIMIT_PER_EMAIL: '1000000',
      // Per-user limits and the login backoff out of the way too (the traffic is one client).
      LOGIN_FREE_FAILURES: '1000000',
      LOGIN_FREE_FAILURES_PER_EMAIL: '1000000',
      PASSWORD_CHANGES_PER_HOUR: '1000000',
      SUB_ACCOUNT_CREATIONS_PER_HOUR: '1000000',
      CONTACT_CHANGES_PER_HOUR: '1000000',
      EMAIL_CONFLICTS_PER_HOUR: '1000000',
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn',
      ...overrides,
    },
  });
  let interrupted = false;
  const onSignal = (signal) => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${signal} received, stopping…`, process.stderr);
    stack.stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const running = await stack.start();
    // The benchmark's own NATS clients (RpcClient, raw baselines) connect as the stack's harness
    // user and sign requests as the gateway does.
    Object.assign(process.env, running.nats.auth.harnessEnv);
    log(
      `stack ready: ${running.apiUrl} (database ${running.env.DATABASE_URL.replace(/^.*\//, '')}, NATS_PREFIX ${running.env.NATS_PREFIX})`,
    );
    return await fn(running);
  } finally {
    if (!interrupted) {
      log('stopping the stack…');
      await stack.stop();
    }
  }
}

async function request(method, url, { body, token } = {}) {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text };
}

/** Signs up a fresh user and logs in. Resolves { email, password, accessToken, refreshToken }. */
async function signupAndLogin(apiUrl) {
  const email = `bench-${crypto.randomBytes(6).toString('hex')}@example.com`;
  const password = 'bench-password-0123';
  const signup = await request('POST', `${apiUrl}/auth/signup`, {
    body: { email, password, firstName: 'Bench', lastName: 'User', company: 'Bench S.r.l.' },
  });
  if (signup.status !== 201) throw new Error(`signup answered ${signup.status}: ${signup.text}`);
  const login = await request('POST', `${apiUrl}/auth/login`, { body: { email, password } });
  if (login.status !== 200 || !login.json || !login.json.accessToken) {
    throw new Error(`login answered ${login.status}: ${login.text}`);
  }
  return { email, password, accessToken: login.json.accessToken, refreshToken: login.json.refreshToken };
}

/**
 * One autocannon run. Resolves { title, rps, p50, p99, requests, errors, non2xx, raw }.
 * Defaults: 50 connections for BENCH_DURATION_S (10) seconds.
 */
async function measure(title, opts) {
  const result = await autocannon({
    connections: Number(process.env.BENCH_CONNECTIONS || 50),
    duration: Number(process.env.BENCH_DURATION_S || 10),
    ...opts,
  });
  return {
    title,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    requests: result.requests.total,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    raw: result,
  };
}

function formatTable(rows) {
  const header = ['', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors', 'non-2xx'];
  const lines = rows.map((r) => [
    r.title,
    r.rps.toFixed(0),
    String(r.p50),
    String(r.p99),
    String(r.requests),
    String(r.errors),
    String(r.non2xx),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(header), ...lines.map(fmt)].join('\n');
}

/**
 * Prints each check [name, ok, value, must?] and resolves the exit code: 1 when a `must` check
 * (correctness: no errors, the workload really ran) failed, always; or a target missed under --strict.
 */
function verdict(checks, strict) {
  for (const [name, ok, value, must] of checks)
    console.log(`${ok ? 'PASS' : must ? 'FAIL' : 'MISS'}  ${name}: ${value}`);
  return checks.some(([, ok, , must]) => !ok && (must || strict)) ? 1 : 0;
}

/**
 * `--cpu-prof` in args → node args making every app write a V8 CPU profile into
 * tmp/bench-profiles/<ts>/ when the stack stops (`node tools/bench/profile-top.js <dir>` summarises).
 */
let profileDir = null;

function cpuProfArgs(args) {
  if (!args.includes('--cpu-prof')) return [];
  const fs = require('fs');
  const path = require('path');
  const dir = path.join(require('../runtime/paths').REPO_ROOT, 'tmp', 'bench-profiles', new Date().toISOString().replace(/\D/g, '').slice(0, 14));
  fs.mkdirSync(dir, { recursive: true });
  log(`CPU profiles of the apps go to ${dir} (written when the stack stops)`);
  profileDir = dir;
  return ['--cpu-prof', `--cpu-prof-dir=${dir}`];
}

/** ms since the process started (Linux /proc), or null. */
function processAgeMs(pid) {
  const fs = require('fs');
  try {
    const startTicks = Number(fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')[19]);
    const uptimeS = Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]);
    return Math.round(uptimeS * 1000 - startTicks * 10); // USER_HZ = 100
  } catch {
    return null;
  }
}

/**
 * The measured part of a run, for the profiles: `begin()` and `end()` record each app's age, and
 * `end()` writes `window.json` ({ <pid>: { fromMs, toMs } }) beside the profiles, so that
 * profile-top.js counts only the samples of that window (not start-up). No-op without --cpu-prof.
 */
function profileWindow(stack) {
  const from = {};
  return {
    begin() {
      for (const h of stack.apps.handles) from[h.pid] = processAgeMs(h.pid);
    },
    end() {
      if (!profileDir) return;
      const window = {};
      for (const h of stack.apps.handles)
        if (from[h.pid] != null) window[h.pid] = { app: h.name, fromMs: from[h.pid], toMs: processAgeMs(h.pid) };
      require('fs').writeFileSync(require('path').join(profileDir, 'window.json'), JSON.stringify(window, null, 2));
    },
  };
}

module.exports = { withBenchStack, cpuProfArgs, profileWindow, signupAndLogin, request, measure, formatTable, log, verdict };
