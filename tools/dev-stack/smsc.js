// The SMSC the stack's messaging sends to: SMPP_URL when set (a real operator, or any peer),
// else the workspace's own simulator (dist/apps/smsc-simulator) on free ports.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnManaged } = require('./processes');
const { findFreePort, waitForPort } = require('./net');

const SIM_SYSTEM_ID = 'smsc';
const SIM_PASSWORD = 'secret';

/**
 * Resolves { mode: 'external' | 'started', url, controlUrl?, handle?, stop() }.
 * `url` is what messaging gets as SMPP_URL.
 */
async function ensureSmsc({ env = process.env, repoRoot, log, quiet = false }) {
  if (env.SMPP_URL) {
    log(`SMPP: using SMPP_URL (${env.SMPP_URL.replace(/:[^:@/]*@/, ':***@')}), no simulator started`);
    return { mode: 'external', url: env.SMPP_URL, stop: async () => undefined };
  }
  const main = path.join(repoRoot, 'dist', 'apps', 'smsc-simulator', 'src', 'main.js');
  if (!fs.existsSync(main)) throw new Error(`${path.relative(repoRoot, main)} is missing: run \`npm run build\``);
  const port = await findFreePort(Number(env.SMSC_PORT) || 2775);
  const httpPort = await findFreePort(Number(env.SMSC_HTTP_PORT) || 2776);
  const handle = spawnManaged(
    'smsc-simulator',
    process.execPath,
    ['-r', path.join(repoRoot, 'dist', 'tools', 'runtime', 'register-aliases.js'), path.relative(repoRoot, main)],
    {
      env: {
        ...env,
        SMSC_PORT: String(port),
        SMSC_HTTP_PORT: String(httpPort),
        SMSC_SYSTEM_ID: SIM_SYSTEM_ID,
        SMSC_PASSWORD: SIM_PASSWORD,
      },
      cwd: repoRoot,
      quiet,
    },
  );
  await waitForPort(httpPort, {
    shouldAbort: () => (handle.running() ? null : 'smsc-simulator exited during start-up'),
  });
  log(`SMPP: simulator on 127.0.0.1:${port} (control http://127.0.0.1:${httpPort})`);
  return {
    mode: 'started',
    url: `smpp://${SIM_SYSTEM_ID}:${SIM_PASSWORD}@127.0.0.1:${port}`,
    controlUrl: `http://127.0.0.1:${httpPort}`,
    handle,
    stop: () => handle.stop(5000),
  };
}

module.exports = { ensureSmsc };
