// Starting the compiled apps (dist/apps/<app>/src/main.js) and waiting for the gateway's readiness.
import '../runtime/register-aliases';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../runtime/paths';
import { ExitInfo, SupervisedProcess, logLine, setLabelWidth, spawnManaged } from './processes';
import { sleep } from './net';
import { appMain as supervisorAppMain, nodeAppCommand } from '@sms/process-supervisor';

export { REPO_ROOT };
export const SERVICE_APPS = ['identity', 'wallet', 'messaging', 'reporting', 'billing', 'notifications'];
export const ALL_APPS = [...SERVICE_APPS, 'gateway'];

export type Env = Record<string, string | undefined>;
export type Log = (message: string, stream?: NodeJS.WritableStream) => void;

/** A running app replica: its supervised process and which app it is (`app`; `name` is `wallet#2`). */
export type AppHandle = SupervisedProcess & { app: string };

export function appMain(app: string, repoRoot: string = REPO_ROOT): string {
  return supervisorAppMain(app, repoRoot);
}

/** `REPLICAS` (default 1): how many processes of every app; an integer from 1 to 8. */
export function replicasFrom(env: Env = process.env): number {
  const raw = env.REPLICAS === undefined || env.REPLICAS === '' ? '1' : env.REPLICAS;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 8) throw new Error(`REPLICAS must be an integer from 1 to 8 (got "${raw}")`);
  return n;
}

/** The label of replica `i` (1-based) of `app`: `wallet` alone, `wallet#2` among several. */
export function replicaName(app: string, i: number, replicas: number): string {
  return replicas > 1 ? `${app}#${i}` : app;
}

/**
 * The environment of replica `i` of `app`. With several replicas a fixed METRICS_PORT would
 * collide: each takes a free one (METRICS_PORT=0, logged as "metrics listening"), and gateway
 * replica i listens on gatewayPorts[i - 1] (the balancer owns the public PORT).
 */
export function replicaEnv(env: Env, app: string, i: number, replicas: number, gatewayPorts: readonly number[]): Env {
  if (replicas === 1) return env;
  const out = { ...env };
  if (Number(env.METRICS_PORT) > 0) out.METRICS_PORT = '0';
  if (app === 'gateway') out.PORT = String(gatewayPorts[i - 1]);
  return out;
}

export interface StartAppsOptions {
  env?: Env;
  appEnv?: (app: string) => Env;
  apps?: readonly string[];
  repoRoot?: string;
  onExit?: (name: string, info: ExitInfo | null) => void;
  quiet?: boolean;
  log?: Log;
  replicas?: number;
  gatewayPorts?: readonly number[];
  nodeArgs?: readonly string[];
}

export interface StartedApps {
  handles: AppHandle[];
  started: string[];
  skipped: string[];
  stop(): Promise<void>;
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
export async function startApps({
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
}: StartAppsOptions = {}): Promise<StartedApps> {
  const ordered = [...apps].sort((a, b) => Number(a === 'gateway') - Number(b === 'gateway'));
  setLabelWidth(Math.max(...ordered.map((a) => replicaName(a, replicas, replicas).length)));
  const handles: AppHandle[] = [];
  const skipped: string[] = [];
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
    const { command, args } = nodeAppCommand(app, repoRoot, nodeArgs);
    for (let i = 1; i <= replicas; i++) {
      const name = replicaName(app, i, replicas);
      const handle = Object.assign(
        spawnManaged(name, command, args, {
          env: replicaEnv({ ...env, ...appEnv(app) }, app, i, replicas, gatewayPorts),
          cwd: repoRoot,
          quiet,
        }),
        { app },
      );
      void handle.exited.then((info) => onExit && onExit(name, info));
      handles.push(handle);
    }
  }
  let stopping: Promise<void> | null = null;
  const stop = (): Promise<void> => {
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

/** The gateway's readiness body (what matters of it here). */
export interface ReadyBody {
  services?: Record<string, string>;
  [key: string]: unknown;
}

export interface WaitForReadyOptions {
  timeoutMs?: number;
  intervalMs?: number;
  services?: readonly string[];
  shouldAbort?: () => string | null | undefined | false;
}

function failureText(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const cause = err.cause as { code?: string; message?: string } | undefined;
  return cause ? (cause.code ?? cause.message ?? err.message) : err.message;
}

/**
 * Polls `url` (the gateway's /api/v1/health/ready) until it answers 200. When `services` is given,
 * a 503 whose body reports every one of those services 'ok' also counts (useful when some apps
 * are not built yet). Rejects after timeoutMs, or as soon as shouldAbort() returns a reason.
 * Resolves with the parsed body.
 */
export async function waitForReady(
  url: string,
  { timeoutMs = 60000, intervalMs = 250, services, shouldAbort }: WaitForReadyOptions = {},
): Promise<ReadyBody | null> {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    const reason = shouldAbort && shouldAbort();
    if (reason) throw new Error(reason);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(3000) });
      const text = await res.text();
      let body: ReadyBody | null = null;
      try {
        body = JSON.parse(text) as ReadyBody;
      } catch {
        /* not JSON */
      }
      if (res.status === 200) return body;
      const reported = body?.services;
      if (services && reported && services.every((s) => reported[s] === 'ok')) return body;
      last = `HTTP ${res.status} ${text.slice(0, 300)}`;
    } catch (err) {
      last = failureText(err);
    }
    if (Date.now() > deadline) throw new Error(`${url} not ready within ${timeoutMs} ms (last: ${last})`);
    await sleep(intervalMs);
  }
}

function defaultLog(message: string, stream?: NodeJS.WritableStream): void {
  logLine('dev-stack', message, stream);
}
