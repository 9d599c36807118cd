// NATS for the dev stack: an explicit NATS_URL, the server already on 127.0.0.1:4222, or a
// `nats-server -js` we spawn (store under <repo>/.data/nats) when the binary is installed.
'use strict';
const fs = require('fs');
const path = require('path');
const { isPortOpen, waitForPort } = require('./net');
const { spawnManaged, logLine } = require('./processes');

const EXTRA_DIRS = ['/usr/sbin', '/usr/local/sbin', '/usr/local/bin', '/usr/bin', '/opt/homebrew/bin'];

/** Absolute path of nats-server (PATH, then the usual sbin/bin directories), or null. */
function findNatsServer(env = process.env) {
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

class NatsNotInstalledError extends Error {
  constructor(port) {
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

/** Spawns `nats-server -js -a 127.0.0.1 -p <port> -sd <storeDir>` and waits until it accepts connections. */
async function startNatsServer({ port = 4222, storeDir, log = defaultLog, env = process.env } = {}) {
  const bin = findNatsServer(env);
  if (!bin) throw new NatsNotInstalledError(port);
  fs.mkdirSync(storeDir, { recursive: true });
  const handle = spawnManaged('nats', bin, ['-js', '-a', '127.0.0.1', '-p', String(port), '-sd', storeDir]);
  try {
    await waitForPort(port, {
      timeoutMs: 15000,
      shouldAbort: () =>
        handle.running() ? null : `nats-server exited during start-up (code ${handle.exitInfo.code})`,
    });
  } catch (err) {
    await handle.stop(5000);
    throw err;
  }
  log(`nats-server (JetStream) ready on 127.0.0.1:${port} (store: ${storeDir})`);
  return { url: `nats://127.0.0.1:${port}`, port, handle, stop: () => handle.stop(10000) };
}

function defaultLog(message) {
  logLine('dev-stack', message);
}

/**
 * Picks the broker: NATS_URL set → used as is; else 127.0.0.1:<DEV_STACK_NATS_PORT or 4222> if
 * something answers there; else a nats-server we spawn on that port. Resolves { url, mode, stop() }.
 * Throws NatsNotInstalledError when it would have to spawn one and cannot find the binary.
 */
async function ensureNats({ env = process.env, repoRoot, log = defaultLog } = {}) {
  if (env.NATS_URL) return { url: env.NATS_URL, mode: 'external', stop: async () => undefined };
  if (env.DEV_STACK_NATS_CLUSTER === '3') {
    // Required here, not at the top: nats-cluster.js needs this module's findNatsServer.
    const { startNatsCluster } = require('./nats-cluster');
    const baseDir = path.resolve(env.NATS_STORE_DIR || path.join(repoRoot, '.data', 'nats-cluster'));
    const cluster = await startNatsCluster({ size: 3, baseDir, env, log });
    return { url: cluster.url, mode: 'spawned cluster of 3', stop: cluster.stop, handles: cluster.handles };
  }
  const port = env.DEV_STACK_NATS_PORT ? Number(env.DEV_STACK_NATS_PORT) : 4222;
  if (await isPortOpen(port)) {
    log(`using the NATS server on 127.0.0.1:${port}`);
    return { url: `nats://127.0.0.1:${port}`, mode: 'local', stop: async () => undefined };
  }
  const storeDir = path.resolve(env.NATS_STORE_DIR || path.join(repoRoot, '.data', 'nats'));
  const started = await startNatsServer({ port, storeDir, log, env });
  return { ...started, mode: 'spawned' };
}

module.exports = { ensureNats, startNatsServer, findNatsServer, NatsNotInstalledError };
