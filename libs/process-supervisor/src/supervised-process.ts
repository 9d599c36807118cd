// One supervised child process: spawn (its own process group), output to a log file or prefixed on
// the terminal, stop with a polite signal then a last-resort one after a grace period, kill -9,
// start again, and an exit callback that says whether anyone here asked for the exit. Whatever is
// still alive when this Node process exits gets its last-resort signal.
import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { nextColor, pipeLines } from './prefixed-output';

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The spawn itself failed (binary missing, not executable). */
  error?: Error;
  /** Date.now() of the exit. */
  at: number;
}

/**
 * Where stdout and stderr go:
 * - `prefixed`: this process's stdout / stderr, each line prefixed with `label` (default: the name);
 * - `file`: appended to `path` (opened anew at every start), `banner(start)` written first if given;
 * - `pipe`: left on `child.stdout` / `child.stderr` for the caller to read;
 * - `ignore`.
 */
export type ProcessOutput =
  | { kind: 'prefixed'; label?: string }
  | { kind: 'file'; path: string; banner?: (start: number) => string }
  | { kind: 'pipe' }
  | { kind: 'ignore' };

export interface SupervisedOptions {
  name: string;
  command: string;
  args: readonly string[];
  /** Read at every start (a function for a value that changes between restarts). */
  env?: NodeJS.ProcessEnv | (() => NodeJS.ProcessEnv);
  cwd?: string;
  output?: ProcessOutput;
  /** Its own process group (default true): a terminal Ctrl-C reaches only the supervisor. */
  detached?: boolean;
  /** Signal the whole process group rather than the child alone (needs detached). */
  signalGroup?: boolean;
  /** What stop() sends first (default SIGTERM). */
  stopSignal?: NodeJS.Signals;
  /** What stop() sends after the grace period, and the exit hook (default SIGKILL). */
  lastResortSignal?: NodeJS.Signals;
  /** Grace period of stop() (default 10 s). */
  stopTimeoutMs?: number;
  uid?: number;
  gid?: number;
  /** Called on every exit; planned = stop() / kill9() asked for it. */
  onExit?: (info: ExitInfo, planned: boolean) => void;
  /** Where the supervisor's own notices go (a stop that needed the last-resort signal). */
  log?: (message: string) => void;
}

const live = new Set<SupervisedProcess>();

/** Registered once: when node exits for any reason, whatever child is left gets its last-resort signal. */
process.once('exit', () => {
  for (const p of live) p.signal(p.lastResortSignal);
});

export class SupervisedProcess {
  readonly name: string;
  readonly lastResortSignal: NodeJS.Signals;
  private readonly stopSignal: NodeJS.Signals;
  private current: ChildProcess | null = null;
  private last: ChildProcess | null = null;
  private planned = false;
  private startCount = 0;
  /** The last exit, null while running or before the first start. */
  exitInfo: ExitInfo | null = null;
  /** Settles with the exit of the current (or last) run; null before the first start. */
  exited: Promise<ExitInfo | null> = Promise.resolve(null);

  constructor(private readonly options: SupervisedOptions) {
    this.name = options.name;
    this.stopSignal = options.stopSignal ?? 'SIGTERM';
    this.lastResortSignal = options.lastResortSignal ?? 'SIGKILL';
  }

  /** The current child, else the last one (its stdout for `pipe` output). */
  get child(): ChildProcess | null {
    return this.current ?? this.last;
  }

  /** Pid of the current (or last) run. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** How many times start() was called. */
  get starts(): number {
    return this.startCount;
  }

  running(): boolean {
    return this.current !== null;
  }

  /** Spawns the process; throws when it is running already. Returns its pid. */
  start(): number | undefined {
    if (this.current) throw new Error(`${this.name} is already running`);
    const { output = { kind: 'prefixed' }, detached = true } = this.options;
    this.startCount++;
    let fd: number | undefined;
    if (output.kind === 'file') {
      fd = openSync(output.path, 'a');
      if (output.banner) writeSync(fd, output.banner(this.startCount));
    }
    const stdio = fd !== undefined ? fd : output.kind === 'ignore' ? 'ignore' : 'pipe';
    const env = typeof this.options.env === 'function' ? this.options.env() : (this.options.env ?? process.env);
    let child: ChildProcess;
    try {
      child = spawn(this.options.command, [...this.options.args], {
        cwd: this.options.cwd ?? process.cwd(),
        env,
        detached,
        stdio: ['ignore', stdio, stdio],
        ...(this.options.uid !== undefined ? { uid: this.options.uid, gid: this.options.gid } : {}),
      });
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
    this.current = child;
    this.last = child;
    this.planned = false;
    this.exitInfo = null;
    live.add(this);
    this.exited = new Promise<ExitInfo>((resolve) => {
      let settled = false;
      const settle = (info: ExitInfo): void => {
        if (settled) return;
        settled = true;
        if (this.current === child) this.current = null;
        this.exitInfo = info;
        live.delete(this);
        resolve(info);
        this.options.onExit?.(info, this.planned);
      };
      child.once('exit', (code, signal) => settle({ code, signal, at: Date.now() }));
      child.once('error', (error) => settle({ code: null, signal: null, error, at: Date.now() }));
    });
    if (output.kind === 'prefixed') {
      const label = output.label ?? this.name;
      const color = nextColor();
      pipeLines(child.stdout, process.stdout, label, color);
      pipeLines(child.stderr, process.stderr, label, color);
    }
    return child.pid;
  }

  /** Sends `sig` to the running child (its group with signalGroup); nothing when it is not running. */
  signal(sig: NodeJS.Signals): void {
    const child = this.current;
    if (!child) return;
    if (this.options.signalGroup && child.pid !== undefined) {
      try {
        process.kill(-child.pid, sig);
        return;
      } catch {
        // no group (not detached, or gone): the child alone
      }
    }
    try {
      child.kill(sig);
    } catch {
      // already gone
    }
  }

  /**
   * Sends `sig` (the stop signal unless told otherwise), then the last-resort signal after
   * timeoutMs, then SIGKILL 5 s later if that was not SIGKILL. Resolves with the exit, or null when
   * it was not running.
   */
  async stop(
    timeoutMs = this.options.stopTimeoutMs ?? 10_000,
    sig: NodeJS.Signals = this.stopSignal,
  ): Promise<ExitInfo | null> {
    if (!this.current) return this.exitInfo;
    this.planned = true;
    const exited = this.exited;
    this.signal(sig);
    if (await this.exitsWithin(timeoutMs)) return exited;
    this.options.log?.(`${this.name} did not stop within ${timeoutMs} ms, sending ${this.lastResortSignal}`);
    this.signal(this.lastResortSignal);
    if (this.lastResortSignal !== 'SIGKILL' && !(await this.exitsWithin(5000))) this.signal('SIGKILL');
    return exited;
  }

  /** SIGKILL now; resolves once the process is gone (null when it was not running). */
  async kill9(): Promise<ExitInfo | null> {
    if (!this.current) return null;
    this.planned = true;
    const exited = this.exited;
    this.signal('SIGKILL');
    return exited;
  }

  /** stop() then start(); returns the new pid. */
  async restart(timeoutMs?: number): Promise<number | undefined> {
    await this.stop(timeoutMs);
    return this.start();
  }

  private async exitsWithin(ms: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
    const result = await Promise.race([this.exited.then(() => true), late]);
    clearTimeout(timer);
    return result;
  }
}

/** Creates and starts a supervised process. */
export function startSupervised(options: SupervisedOptions): SupervisedProcess {
  const p = new SupervisedProcess(options);
  p.start();
  return p;
}

/** Supervised processes still running. */
export function liveProcesses(): SupervisedProcess[] {
  return [...live];
}

/** SIGKILL to every supervised process still running (Ctrl-C before an asynchronous clean-up). */
export function killAll(): void {
  for (const p of live) p.signal('SIGKILL');
}
