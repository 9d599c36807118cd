// Child processes of the dev stack, on the workspace's one supervisor (@sms/process-supervisor):
// spawned in their own process group with output prefixed by their name, stopped with SIGTERM then
// SIGKILL, and killed by the supervisor's exit hook if still alive when this process exits.
import '../runtime/register-aliases';
import { ExitInfo, SupervisedProcess, liveProcesses, logLine, setLabelWidth } from '@sms/process-supervisor';

export { logLine, setLabelWidth };
export type { ExitInfo, SupervisedProcess };

export interface ManagedOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Output discarded instead of prefixed on this process's stdout / stderr. */
  quiet?: boolean;
  uid?: number;
  gid?: number;
  stopSignal?: NodeJS.Signals;
  lastResortSignal?: NodeJS.Signals;
}

/**
 * Starts `command args` with stdout/stderr prefixed by `name` (or discarded when quiet). Children get
 * their own process group so a terminal Ctrl-C reaches only us and we can stop them in order.
 * The handle: name, child, pid, exitInfo, exited, running(), stop(timeoutMs).
 */
export function spawnManaged(
  name: string,
  command: string,
  args: readonly string[],
  options: ManagedOptions = {},
): SupervisedProcess {
  const { env = process.env, cwd = process.cwd(), quiet = false, uid, gid, stopSignal, lastResortSignal } = options;
  const handle = new SupervisedProcess({
    name,
    command,
    args,
    env,
    cwd,
    output: quiet ? { kind: 'ignore' } : { kind: 'prefixed' },
    stopSignal,
    lastResortSignal,
    uid,
    gid,
    log: (message) => logLine('dev-stack', message, process.stderr),
  });
  handle.start();
  return handle;
}

/**
 * Sends the handle's stop signal (SIGTERM unless told otherwise), then its last-resort signal
 * after timeoutMs, then SIGKILL 5 s later. Resolves with the exit once the process is gone.
 */
export function stopChild(handle: SupervisedProcess, timeoutMs = 10000): Promise<ExitInfo | null> {
  return handle.stop(timeoutMs);
}

/** Processes started here (or through any supervisor of this process) that are still running. */
export function liveChildren(): SupervisedProcess[] {
  return liveProcesses();
}
