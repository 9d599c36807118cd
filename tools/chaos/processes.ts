// Supervised child processes for the chaos run, on the workspace's one supervisor
// (@sms/process-supervisor): each one can be kill -9'ed and started again, its output is appended
// to one log file per name (a banner per start), signals go to its whole process group, and
// whatever is alive when this process exits gets SIGKILL (the supervisor's exit hook).
// A thin adapter keeping the interface the chaos run is written against.
import '../runtime/register-aliases';
import { ExitInfo as SupervisorExit, killAll, SupervisedProcess } from '@sms/process-supervisor';

export { killAll };

export interface ExitInfo {
  code: number | null;
  /** The signal, or `spawn error: …` when the command could not be started. */
  signal: string | null;
  at: number;
}

export interface SupervisedOptions {
  name: string;
  command: string;
  args: string[];
  /** The environment, or a function giving it at each start. */
  env: NodeJS.ProcessEnv | (() => NodeJS.ProcessEnv);
  cwd: string;
  logFile: string;
  /** Every exit, planned=false when nobody here asked for it (a crash). */
  onExit?: (info: ExitInfo, planned: boolean) => void;
}

function chaosExitInfo(info: SupervisorExit): ExitInfo;
function chaosExitInfo(info: SupervisorExit | null): ExitInfo | null;
function chaosExitInfo(info: SupervisorExit | null): ExitInfo | null {
  if (!info) return null;
  return { code: info.code, signal: info.error ? `spawn error: ${info.error.message}` : info.signal, at: info.at };
}

/**
 * One restartable process. `start()` spawns `command args` (its own process group, so a terminal
 * Ctrl-C reaches only the runner); `kill9()` / `stop()` end it; `onExit(info, planned)` is called
 * on every exit, with planned=false when nobody here asked for it (a crash).
 */
export class Supervised {
  readonly name: string;
  /** The app it runs (stack.ts sets it for app processes). */
  app = '';
  private readonly process: SupervisedProcess;

  constructor(o: SupervisedOptions) {
    this.name = o.name;
    this.process = new SupervisedProcess({
      name: o.name,
      command: o.command,
      args: o.args,
      cwd: o.cwd,
      env: o.env,
      output: {
        kind: 'file',
        path: o.logFile,
        banner: (n) => `\n===== chaos: start #${n} of ${o.name} at ${new Date().toISOString()} =====\n`,
      },
      signalGroup: true,
      onExit: (info, planned) => o.onExit?.(chaosExitInfo(info), planned),
    });
  }

  running(): boolean {
    return this.process.running();
  }

  /** Spawns it; returns the pid. Throws when it is running already. */
  start(): number | undefined {
    return this.process.start();
  }

  signal(sig: NodeJS.Signals): void {
    this.process.signal(sig);
  }

  /** SIGKILL, resolves once the process is gone. */
  async kill9(): Promise<ExitInfo | null> {
    return chaosExitInfo(await this.process.kill9());
  }

  /** SIGTERM, then SIGKILL after timeoutMs. */
  async stop(timeoutMs = 10000): Promise<ExitInfo | null> {
    if (!this.process.running()) return null;
    return chaosExitInfo(await this.process.stop(timeoutMs));
  }
}
