// The SMSC the stack's messaging sends to: SMPP_URL when set (a real operator, or any peer),
// else the workspace's own simulator (dist/apps/smsc-simulator) on free ports.
import '../runtime/register-aliases';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { appMain, nodeAppCommand } from '@sms/process-supervisor';
import type { Env, Log } from './apps';
import { SupervisedProcess, spawnManaged } from './processes';
import { findFreePort, waitForPort } from './net';

const SIM_SYSTEM_ID = 'smsc';
const SIM_PASSWORD = 'secret';

/**
 * Resolves { mode: 'external' | 'started', url, controlUrl?, handle?, stop() }.
 * `url` is what messaging gets as SMPP_URL.
 */
export interface StackSmsc {
  mode: 'external' | 'started';
  url: string;
  controlUrl?: string;
  handle?: SupervisedProcess;
  stop(): Promise<unknown>;
}

export async function ensureSmsc({
  env = process.env,
  repoRoot,
  log,
  quiet = false,
}: {
  env?: Env;
  repoRoot: string;
  log: Log;
  quiet?: boolean;
}): Promise<StackSmsc> {
  if (env.SMPP_URL) {
    log(`SMPP: using SMPP_URL (${env.SMPP_URL.replace(/:[^:@/]*@/, ':***@')}), no simulator started`);
    return { mode: 'external', url: env.SMPP_URL, stop: async () => undefined };
  }
  const main = appMain('smsc-simulator', repoRoot);
  if (!fs.existsSync(main)) throw new Error(`${path.relative(repoRoot, main)} is missing: run \`npm run build\``);
  const port = await findFreePort(Number(env.SMSC_PORT) || 2775);
  const httpPort = await findFreePort(Number(env.SMSC_HTTP_PORT) || 2776);
  const { command, args } = nodeAppCommand('smsc-simulator', repoRoot);
  const handle = spawnManaged('smsc-simulator', command, args, {
    env: {
      ...env,
      SMSC_PORT: String(port),
      SMSC_HTTP_PORT: String(httpPort),
      SMSC_SYSTEM_ID: SIM_SYSTEM_ID,
      SMSC_PASSWORD: SIM_PASSWORD,
    },
    cwd: repoRoot,
    quiet,
  });
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
