// NATS for the dev stack: an explicit NATS_URL (used as is), or an authenticated `nats-server`
// we spawn with the generated configuration of nats-auth.ts (nkey users and subject permissions
// per app, JetStream) on 127.0.0.1:4222 when free, else a free port.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Env, Log } from './apps';
import { isPortOpen, waitForPort, findFreePort } from './net';
import { SupervisedProcess, spawnManaged, logLine } from './processes';
import { NatsAuth, assertionOnlyEnv, prepareAuthNats } from './nats-auth';

const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin', '/opt/homebrew/bin'];

/** Absolute path of nats-server (PATH, then the usual sbin/bin directories), or null. */
export function findNatsServer(env: Env = process.env): string | null {
  if (env.NATS_SERVER_BIN) return fs.existsSync(env.NATS_SERVER_BIN) ? env.NATS_SERVER_BIN : null;
  const dirs = [...(env.PATH || '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = path.join(dir, 'nats-server');
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      /* keep looking */
    }
  }
  return null;
}

export class NatsNotInstalledError extends Error {
  constructor(port: number) {
    super(
      [
        `Nothing answers on 127.0.0.1:${port} and nats-server is not installed.`,
        'Install it or run it in a container, then start again:',
        '  Debian/Ubuntu:  sudo apt-get install nats-server',
        '  Docker:         docker compose up -d nats',
        '  or point NATS_URL at a running server (JetStream enabled).',
      ].join('\n'),
    );
    this.name = 'NatsNotInstalledError';
  }
}

export interface StartedNatsServer {
  url: string;
  port: number;
  handle: SupervisedProcess;
  auth: NatsAuth;
  stop(): Promise<unknown>;
}

export interface StartNatsServerOptions {
  port?: number;
  storeDir: string;
  prefix?: string;
  log?: Log;
  env?: Env;
}

/**
 * Spawns `nats-server -c <generated config>` (JetStream in `storeDir`, the apps' users and
 * permissions, no anonymous access) on `port` and waits until it accepts connections.
 * `prefix` is the stack's NATS_PREFIX. Resolves { url, port, handle, auth, stop() }; `auth` gives
 * each app's variables (appEnv(app)) and the tools' (harnessEnv, harnessConnectOptions()).
 */
export async function startNatsServer({
  port = 4222,
  storeDir,
  prefix = '',
  log = defaultLog,
  env = process.env,
}: StartNatsServerOptions): Promise<StartedNatsServer> {
  const bin = findNatsServer(env);
  if (!bin) throw new NatsNotInstalledError(port);
  fs.mkdirSync(storeDir, { recursive: true });
  const confDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-nats-conf-'));
  const auth = prepareAuthNats({ dir: confDir, port, storeDir, prefix });
  const handle = spawnManaged('nats', bin, ['-c', auth.confPath]);
  const removeConf = (): void => fs.rmSync(confDir, { recursive: true, force: true });
  try {
    await waitForPort(port, {
      timeoutMs: 15000,
      shouldAbort: () =>
        handle.running() ? null : `nats-server exited during start-up (code ${handle.exitInfo?.code})`,
    });
  } catch (err) {
    await handle.stop(5000);
    removeConf();
    throw err;
  }
  log(`nats-server (JetStream, nkey users per app) ready on 127.0.0.1:${port} (store: ${storeDir})`);
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    handle,
    auth,
    stop: () => handle.stop(10000).finally(removeConf),
  };
}

function defaultLog(message: string): void {
  logLine('dev-stack', message);
}

/** The broker of a stack: { url, mode, auth, stop() }, and the processes when spawned here. */
export interface StackNats {
  url: string;
  mode: string;
  auth: NatsAuth;
  stop(): Promise<unknown>;
  port?: number;
  handle?: SupervisedProcess;
  handles?: SupervisedProcess[];
}

export interface EnsureNatsOptions {
  env?: Env;
  repoRoot: string;
  log?: Log;
  storeDir?: string;
  prefix?: string;
}

/**
 * Picks the broker: NATS_URL set → used as is (its credentials are the deployer's business; the
 * apps still get generated actor-assertion keys); else an authenticated nats-server we spawn on
 * 127.0.0.1:<DEV_STACK_NATS_PORT, else 4222 when free, else a free port>, JetStream store in
 * NATS_STORE_DIR, `storeDir`, or a temporary directory removed at stop. Never the open server
 * that may already answer on 4222. Resolves { url, mode, auth, stop() }.
 * Throws NatsNotInstalledError when it would have to spawn one and cannot find the binary.
 */
export async function ensureNats({
  env = process.env,
  repoRoot,
  log = defaultLog,
  storeDir,
  prefix = '',
}: EnsureNatsOptions): Promise<StackNats> {
  if (env.NATS_URL)
    return { url: env.NATS_URL, mode: 'external', auth: assertionOnlyEnv(), stop: async () => undefined };
  if (env.DEV_STACK_NATS_CLUSTER === '3') {
    // A cluster for trying replication by hand; its nodes run without nkey users (like the cluster
    // test tier), the apps get the actor-assertion keys. Required here: nats-cluster.ts needs findNatsServer.
    const { startNatsCluster } = require('./nats-cluster') as typeof import('./nats-cluster');
    const baseDir = path.resolve(env.NATS_STORE_DIR || path.join(repoRoot, '.data', 'nats-cluster'));
    const cluster = await startNatsCluster({ size: 3, baseDir, env, log });
    return {
      url: cluster.url,
      mode: 'spawned cluster of 3',
      auth: assertionOnlyEnv(),
      stop: cluster.stop,
      handles: cluster.handles,
    };
  }
  let port = env.DEV_STACK_NATS_PORT ? Number(env.DEV_STACK_NATS_PORT) : 4222;
  if (await isPortOpen(port)) {
    if (env.DEV_STACK_NATS_PORT) throw new Error(`DEV_STACK_NATS_PORT ${port} is in use`);
    port = await findFreePort(0);
  }
  let dir = env.NATS_STORE_DIR || storeDir;
  let temporary: string | null = null;
  if (!dir) dir = temporary = fs.mkdtempSync(path.join(os.tmpdir(), 'sms-nats-store-'));
  const started = await startNatsServer({ port, storeDir: path.resolve(dir), prefix, log, env });
  const stop = (): Promise<unknown> =>
    started.stop().finally(() => temporary && fs.rmSync(temporary, { recursive: true, force: true }));
  return { ...started, mode: 'spawned', stop };
}
