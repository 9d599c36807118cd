// Helpers shared by the *.bench.ts files: an isolated stack, a logged-in user, autocannon runs, checks.
import { NO_RATE_LIMITS } from '../dev-stack/no-rate-limits';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import type { SignupBody, TokenPair } from '@sms/contracts';
import type { ConnectionOptions } from 'nats';
import { createStack } from '../dev-stack/stack';
import { log } from './log';

export { log };

/** One app process of the stack (tools/dev-stack spawnManaged handle). */
export interface AppHandle {
  name: string;
  pid: number;
}

/** What the benchmarks use of a started dev stack (tools/dev-stack/stack createStack().start()). */
export interface BenchStack {
  /** The apps' environment; `DATABASE_URL` is the admin URL (for the bench's own SQL). */
  env: NodeJS.ProcessEnv & { DATABASE_URL: string; NATS_URL: string; NATS_PREFIX: string };
  /** http://localhost:<port>/api/v1 */
  apiUrl: string;
  baseUrl: string;
  apps: { handles: AppHandle[] };
  nats: {
    auth: {
      /** The harness user's NATS credentials and the actor-assertion key, for RpcClient and the raw baselines. */
      harnessEnv: Record<string, string>;
      /** For a bench's own `connect()`: the harness user (every permission). */
      harnessConnectOptions(): Partial<ConnectionOptions>;
    };
  };
  /** With `carrier: 'smpp'`: the SMSC messaging sends to (the stack's own simulator unless SMPP_URL is set). */
  smsc: {
    /** What messaging gets as SMPP_URL (smpp://user:password@host:port). */
    url: string;
    /** The simulator's control API (GET /stats …); absent for an external SMSC. */
    controlUrl?: string;
    /** The simulator process, when the stack started one. */
    handle?: AppHandle;
  } | null;
}

export interface BenchStackOptions {
  /** Variables forced onto the apps. */
  overrides?: Record<string, string>;
  /** Which apps (default all seven). */
  apps?: string[];
  carrier?: 'smpp';
  /** Extra node flags for every app (cpuProfArgs). */
  nodeArgs?: string[];
  replicas?: number;
}

/** What run.ts calls: `run({ args })` resolves the process exit code. */
export interface BenchArgs {
  args: string[];
}
export type BenchRun = (opts: BenchArgs) => Promise<number>;

/** `--strict` or BENCH_STRICT=1: a missed target exits 1 too. */
export function isStrict(args: string[]): boolean {
  return args.includes('--strict') || process.env.BENCH_STRICT === '1';
}

/** A numeric knob from the environment, `fallback` when unset or empty. */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  return raw === undefined || raw === '' ? fallback : Number(raw);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Starts the dev stack the way `npm start` does, but isolated: database `sms_bench_<ts>` (dropped at
 * the end), NATS_PREFIX `b<rand>.`, a free gateway port, generous auth rate limits, LOG_LEVEL warn
 * (BENCH_LOG_LEVEL to change). Runs `fn(stack)` and always stops everything; Ctrl-C also cleans up.
 */
export async function withBenchStack<T>(
  fn: (stack: BenchStack) => Promise<T>,
  { overrides = {}, apps, carrier, nodeArgs, replicas }: BenchStackOptions = {},
): Promise<T> {
  const ts = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const stack = createStack({
    apps,
    carrier,
    nodeArgs,
    replicas,
    database: `sms_bench_${ts}_${randomBytes(2).toString('hex')}`,
    dropDatabaseOnStop: true,
    // A loaded shared machine can take over a minute to start seven apps (BENCH_READY_TIMEOUT_MS).
    readyTimeoutMs: envNumber('BENCH_READY_TIMEOUT_MS', 180_000),
    port: 'auto',
    overrides: {
      NATS_PREFIX: `b${randomBytes(4).toString('hex')}.`,
      ...NO_RATE_LIMITS,
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL || 'warn',
      ...overrides,
    },
  });
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    log(`${signal} received, stopping…`, process.stderr);
    void stack.stop().finally(() => process.exit(130));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    // BenchStack names the variables the benchmarks rely on (DATABASE_URL, NATS_URL, NATS_PREFIX),
    // which the dev stack's plain Record<string, string> env always holds.
    const running = (await stack.start()) as unknown as BenchStack;
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

export interface JsonResponse<T> {
  status: number;
  /** The parsed body, or null when it is not JSON. */
  json: T | null;
  text: string;
}

/** One HTTP request with an optional JSON body and bearer token; the answer parsed when it is JSON. */
export async function request<T = unknown>(
  method: string,
  url: string,
  { body, token }: { body?: unknown; token?: string } = {},
): Promise<JsonResponse<T>> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let json: T | null = null;
  try {
    json = JSON.parse(text) as T;
  } catch {
    /* not JSON */
  }
  return { status: res.status, json, text };
}

/** The body of a JSON answer that must have `status`, or an error naming what came instead. */
export async function expectJson<T>(
  expected: number,
  method: string,
  url: string,
  opts?: { body?: unknown; token?: string },
): Promise<T> {
  const res = await request<T>(method, url, opts);
  if (res.status !== expected || res.json === null) {
    throw new Error(`${method} ${url} answered ${res.status} (expected ${expected}): ${res.text.slice(0, 300)}`);
  }
  return res.json;
}

export interface BenchUser {
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

/** Signs up a fresh owner through the public API and logs in. */
export async function signupAndLogin(apiUrl: string): Promise<BenchUser> {
  const email = `bench-${randomBytes(6).toString('hex')}@example.com`;
  const password = 'bench-password-0123';
  const body: SignupBody = { email, password, firstName: 'Bench', lastName: 'User', company: 'Bench S.r.l.' };
  await expectJson(201, 'POST', `${apiUrl}/auth/signup`, { body });
  const tokens = await expectJson<TokenPair>(200, 'POST', `${apiUrl}/auth/login`, { body: { email, password } });
  return { email, password, accessToken: tokens.accessToken, refreshToken: tokens.refreshToken };
}

export interface Measurement {
  title: string;
  rps: number;
  p50: number;
  p99: number;
  requests: number;
  errors: number;
  non2xx: number;
  raw: autocannon.Result;
}

/**
 * One autocannon run. Defaults: BENCH_CONNECTIONS (50) connections for BENCH_DURATION_S (10) seconds.
 */
export async function measure(title: string, opts: autocannon.Options): Promise<Measurement> {
  const result = await autocannon({
    connections: envNumber('BENCH_CONNECTIONS', 50),
    duration: envNumber('BENCH_DURATION_S', 10),
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

export function formatTable(rows: Measurement[]): string {
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
  const fmt = (cells: string[]): string =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  return [fmt(header), ...lines.map(fmt)].join('\n');
}

/** [name, ok, value, must?]: a `must` check is correctness (no errors, the workload really ran). */
export type Check = [name: string, ok: boolean, value: string, must?: boolean];

/**
 * Prints each check and resolves the exit code: 1 when a `must` check failed, always; or a target
 * missed under --strict.
 */
export function verdict(checks: Check[], strict: boolean): number {
  for (const [name, ok, value, must] of checks)
    console.log(`${ok ? 'PASS' : must ? 'FAIL' : 'MISS'}  ${name}: ${value}`);
  return checks.some(([, ok, , must]) => !ok && (must || strict)) ? 1 : 0;
}

export { cpuProfArgs, profileWindow } from './profiling';
