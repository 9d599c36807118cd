import { Authenticator, nkeyAuthenticator } from 'nats';
import { ChildProcess, spawn } from 'node:child_process';
import {
  accessSync,
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { NatsAuthLib, StackCredentials } from './nats-auth-shapes';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** The run's authenticated NATS: its URL and the credentials of its users (env TEST_NATS_AUTH). */
export interface AuthNatsState {
  url: string;
  creds: StackCredentials;
}

export interface AuthNats extends AuthNatsState {
  stop(): Promise<void>;
}

/**
 * libs/nats-auth from dist/ (the tiers run on the build; globalSetup has no path aliases): the
 * permission table, key and config generators the apps themselves are checked against.
 */
export function loadNatsAuth(): NatsAuthLib {
  const lib = path.join(REPO_ROOT, 'dist/libs/nats-auth/src/index.js');
  if (!existsSync(lib)) throw new Error(`${lib} is missing: run \`npm run build\` first`);
  require(path.join(REPO_ROOT, 'dist', 'tools', 'runtime', 'register-aliases.js'));
  return require(lib) as NatsAuthLib;
}

/**
 * The harness's own connection options (its NATS_NKEY_SEED), for test helpers loaded by a
 * globalSetup too, where `@sms/nats-auth` cannot be imported.
 */
export function harnessNatsOptions(): { authenticator?: Authenticator } {
  const seed = process.env.NATS_NKEY_SEED;
  return seed ? { authenticator: nkeyAuthenticator(new TextEncoder().encode(seed)) } : {};
}

function findNatsServer(): string | null {
  const candidates = [
    process.env.NATS_SERVER_BIN,
    ...(process.env.PATH ?? '').split(path.delimiter).map((d) => d && path.join(d, 'nats-server')),
    '/usr/sbin/nats-server',
    '/usr/local/bin/nats-server',
  ];
  for (const c of candidates) {
    if (!c) continue;
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  return null;
}

/**
 * One authenticated nats-server (JetStream, nkey users with the apps' subject permissions) for a
 * test run, on a free port with a throwaway store. Subjects are allowed under any one-token prefix
 * (`*.`): the run, its spec files and own stacks each use a prefix of their own.
 * Without a nats-server binary (PATH, /usr/sbin, NATS_SERVER_BIN) the same configuration runs in
 * a `nats:2.10` container (testcontainers, needs Docker); with neither it fails saying so.
 */
export async function startAuthNats(): Promise<AuthNats> {
  const natsAuth = loadNatsAuth();
  const creds = natsAuth.createStackCredentials();
  const dir = mkdtempSync(path.join(tmpdir(), 'sms-test-nats-'));
  const bin = findNatsServer();
  if (bin) return { ...(await spawnServer(bin, dir, creds)), creds };
  let containers: typeof import('testcontainers');
  try {
    containers = await import('testcontainers');
  } catch {
    throw new Error('nats-server is not installed (apt-get install nats-server, or set NATS_SERVER_BIN)');
  }
  const conf = path.join(dir, 'nats.conf');
  writeFileSync(
    conf,
    natsAuth.natsServerConfig({ keys: creds.keys, prefix: '*.', host: '0.0.0.0', port: 4222, storeDir: '/data' }),
  );
  try {
    const c = await new containers.GenericContainer('nats:2.10')
      .withCopyFilesToContainer([{ source: conf, target: '/etc/nats/auth.conf' }])
      .withCommand(['-c', '/etc/nats/auth.conf'])
      .withExposedPorts(4222)
      .withWaitStrategy(containers.Wait.forLogMessage(/Server is ready/))
      .start();
    return {
      url: `nats://${c.getHost()}:${c.getMappedPort(4222)}`,
      creds,
      stop: async () => {
        await c.stop();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (err) {
    throw new Error(
      `nats-server is not installed and no container could be started (${String(err)}): ` +
        'apt-get install nats-server, or set NATS_SERVER_BIN',
    );
  }
}

async function spawnServer(bin: string, dir: string, creds: StackCredentials): Promise<Omit<AuthNats, 'creds'>> {
  const { natsServerConfig } = loadNatsAuth();
  const conf = path.join(dir, 'nats.conf');
  const store = path.join(dir, 'jetstream');
  writeFileSync(
    conf,
    natsServerConfig({ keys: creds.keys, prefix: '*.', port: -1, storeDir: store, portsFileDir: dir }),
  );
  // Its log goes to a file (a pipe nobody drains fast enough could stall the server).
  const logDir = path.join(REPO_ROOT, 'tmp/test-logs');
  mkdirSync(logDir, { recursive: true });
  const logFile = path.join(logDir, `nats-server-${path.basename(dir)}.log`);
  const log = openSync(logFile, 'a');
  const child: ChildProcess = spawn(bin, ['-c', conf], { stdio: ['ignore', log, log] });
  closeSync(log);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      await new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    const portsFile = readdirSync(dir).find((f) => f.endsWith('.ports'));
    if (portsFile) {
      try {
        const url = (JSON.parse(readFileSync(path.join(dir, portsFile), 'utf8')) as { nats: string[] }).nats[0];
        if (url) return { url, stop };
      } catch {
        // partly written: read again
      }
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      await stop();
      throw new Error(`nats-server did not start (${bin} -c ${conf}): see ${logFile}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
