// Authenticated NATS for the dev stack, the benchmarks and the chaos run: one nkey user per app with
// the subject permissions of libs/nats-auth (the one allow-list), a `harness` user for tools, and
// the gateway's actor-assertion key pair; all generated per stack, written next to the config.
import '../runtime/register-aliases';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as NatsAuthLib from '@sms/nats-auth';
import type { NatsAuthOptions, NatsClusterOptions, NatsUser, StackCredentials } from '@sms/nats-auth';
import { REPO_ROOT } from '../runtime/paths';

/** libs/nats-auth from dist/ (the stack runs the compiled apps; `npm run build` first). */
export function loadNatsAuth(): typeof NatsAuthLib {
  const lib = path.join(REPO_ROOT, 'dist', 'libs', 'nats-auth', 'src', 'index.js');
  if (!fs.existsSync(lib)) throw new Error(`${path.relative(REPO_ROOT, lib)} is missing: run \`npm run build\` first`);
  return require('@sms/nats-auth') as typeof NatsAuthLib;
}

/** What a stack's apps and tools get of its NATS credentials. */
export interface NatsAuth {
  creds: StackCredentials;
  /** An app's own variables (NATS user, inbox prefix, actor-assertion keys). */
  appEnv(app: string): Record<string, string>;
  /** The tools' variables (the harness user; signs as the gateway). */
  harnessEnv: Record<string, string>;
  /** For a tool's own `connect()`: the harness user (every permission). */
  harnessConnectOptions(): NatsAuthOptions | Record<string, never>;
}

export interface PreparedAuthNats extends NatsAuth {
  confPath: string;
}

export interface PrepareAuthNatsOptions {
  dir: string;
  port: number;
  storeDir: string;
  prefix?: string;
  cluster?: NatsClusterOptions;
  serverName?: string;
  host?: string;
  creds?: StackCredentials;
}

/**
 * Generates the credentials and writes `<dir>/nats.conf` (mode 600, it names the users' public keys
 * only; seeds stay in memory and in the apps' environment).
 * Options: dir, port (-1: free, reported in `<dir>/*.ports`), storeDir, prefix (the stack's
 * NATS_PREFIX), cluster ({ name, port, routes }) for a node of a cluster, serverName.
 * Returns { confPath, creds, appEnv(app), harnessEnv, harnessConnectOptions() }.
 */
export function prepareAuthNats({
  dir,
  port,
  storeDir,
  prefix = '',
  cluster,
  serverName,
  host,
  creds: given,
}: PrepareAuthNatsOptions): PreparedAuthNats {
  const natsAuth = loadNatsAuth();
  const creds = given || natsAuth.createStackCredentials();
  fs.mkdirSync(dir, { recursive: true });
  const confPath = path.join(dir, serverName ? `nats-${serverName}.conf` : 'nats.conf');
  const config = natsAuth.natsServerConfig({
    keys: creds.keys,
    prefix,
    host,
    port,
    storeDir,
    portsFileDir: port === -1 ? dir : undefined,
    cluster,
    serverName,
  });
  fs.writeFileSync(confPath, config, { mode: 0o600 });
  const harnessEnv = natsAuth.harnessCredentialsEnv(creds);
  return {
    confPath,
    creds,
    appEnv: (app) => natsAuth.appCredentialsEnv(creds, app as NatsUser),
    harnessEnv,
    harnessConnectOptions: () => natsAuth.natsAuthOptions(harnessEnv),
  };
}

/** The variables apps need when the broker is not ours (NATS_URL given): the actor-assertion keys only. */
export function assertionOnlyEnv(): NatsAuth {
  const natsAuth = loadNatsAuth();
  const creds = natsAuth.createStackCredentials();
  return {
    creds,
    appEnv: (app) => natsAuth.actorAssertionEnv(creds.actorSigningKey, app),
    harnessEnv: { ACTOR_ASSERTION_SIGNING_KEY: creds.actorSigningKey, ACTOR_ASSERTION_KEY: '' },
    harnessConnectOptions: () => ({}),
  };
}
