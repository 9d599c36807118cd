// Starting the dev balancer (balancer-main.ts) as a supervised child process in front of gateway
// replicas on fixed ports: the dev stack's and the chaos suite's.
import * as path from 'node:path';
import { REPO_ROOT } from '../runtime/paths';
import { waitForPort } from './net';
import { ExitInfo, SupervisedProcess, spawnManaged } from './processes';

export interface BalancerProcessOptions {
  /** The public port (not 0: the caller knows it before the replicas are up). */
  port: number;
  host?: string;
  /** The gateway replicas' ports, kept by restarted replicas. */
  upstreams: readonly number[];
  /** Output discarded instead of prefixed `balancer |`. */
  quiet?: boolean;
  onExit?: (info: ExitInfo | null) => void;
}

export interface BalancerProcess {
  port: number;
  process: SupervisedProcess;
  stop(): Promise<void>;
}

/** dist/tools/dev-stack/balancer-main.js: the balancer's process entry. */
export const BALANCER_MAIN = path.join(REPO_ROOT, 'dist', 'tools', 'dev-stack', 'balancer-main.js');

/** Spawns the balancer and resolves once its port accepts connections. */
export async function startBalancerProcess({
  port,
  host = '127.0.0.1',
  upstreams,
  quiet = false,
  onExit,
}: BalancerProcessOptions): Promise<BalancerProcess> {
  const args = [BALANCER_MAIN, '--port', String(port), '--host', host, '--upstreams', upstreams.join(',')];
  const child = spawnManaged('balancer', process.execPath, args, { cwd: REPO_ROOT, quiet });
  let stopping = false;
  void child.exited.then((info) => {
    if (!stopping) onExit?.(info);
  });
  const stop = async (): Promise<void> => {
    stopping = true;
    await child.stop(5000);
  };
  try {
    const probeHost = host === '0.0.0.0' ? '127.0.0.1' : host;
    await waitForPort(port, {
      host: probeHost,
      shouldAbort: () => (child.running() ? null : `the balancer exited (${JSON.stringify(child.exitInfo)})`),
    });
  } catch (err) {
    await stop();
    throw err;
  }
  return { port, process: child, stop };
}
