// Supervised child processes for the chaos run: each one can be kill -9'ed and started again,
// its output is appended to one log file per name, and whatever is alive when this process exits
// gets SIGKILL (the last-resort hook, like tools/dev-stack/processes.js).
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';

export interface ExitInfo {
  code: number | null;
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

const live = new Set<Supervised>();

process.once('exit', () => {
  for (const p of live) p.signal('SIGKILL');
});

/**
 * One restartable process. `start()` spawns `command args` (its own process group, so a terminal
 * Ctrl-C reaches only the runner); `kill9()` / `stop()` end it; `onExit(info, planned)` is called
 * on every exit, with planned=false when nobody here asked for it (a crash).
 */
export class Supervised {
  readonly name: string;
  /** The app it runs (stack.ts sets it for app processes). */
  app = '';
  private child: ChildProcess | null = null;
  private exited: Promise<ExitInfo | null> = Promise.resolve(null);
  private starts = 0;
  private plannedExit = false;

  constructor(private readonly o: SupervisedOptions) {
    this.name = o.name;
  }

  running(): boolean {
    return this.child !== null;
  }

  start(): number | undefined {
    if (this.child) throw new Error(`${this.name} is already running`);
    const fd = fs.openSync(this.o.logFile, 'a');
    fs.writeSync(fd, `\n===== chaos: start #${++this.starts} of ${this.name} at ${new Date().toISOString()} =====\n`);
    const child = spawn(this.o.command, this.o.args, {
      cwd: this.o.cwd,
      env: typeof this.o.env === 'function' ? this.o.env() : this.o.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    fs.closeSync(fd);
    this.child = child;
    this.plannedExit = false;
    live.add(this);
    this.exited = new Promise((resolve) => {
      const done = (code: number | null, signal: string | null): void => {
        if (this.child !== child) return;
        this.child = null;
        live.delete(this);
        const info: ExitInfo = { code, signal, at: Date.now() };
        const planned = this.plannedExit;
        resolve(info);
        if (this.o.onExit) this.o.onExit(info, planned);
      };
      child.once('exit', (code, signal) => done(code, signal));
      child.once('error', (err) => done(null, `spawn error: ${err.message}`));
    });
    return child.pid;
  }

  signal(sig: NodeJS.Signals): void {
    const child = this.child;
    if (!child || child.pid === undefined) return;
    try {
      process.kill(-child.pid, sig); // the whole group
    } catch {
      try {
        child.kill(sig);
      } catch {
        /* already gone */
      }
    }
  }

  /** SIGKILL, resolves once the process is gone. */
  async kill9(): Promise<ExitInfo | null> {
    if (!this.child) return null;
    this.plannedExit = true;
    this.signal('SIGKILL');
    return this.exited;
  }

  /** SIGTERM, then SIGKILL after timeoutMs. */
  async stop(timeoutMs = 10000): Promise<ExitInfo | null> {
    if (!this.child) return null;
    this.plannedExit = true;
    const exited = this.exited;
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    if ((await Promise.race([exited, late])) === 'late') this.signal('SIGKILL');
    clearTimeout(timer);
    return exited;
  }
}

/** Kills every supervised process still alive (used on Ctrl-C before the async clean-up). */
export function killAll(): void {
  for (const p of live) p.signal('SIGKILL');
}
