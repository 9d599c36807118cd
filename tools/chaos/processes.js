// Supervised child processes for the chaos run: each one can be kill -9'ed and started again,
// its output is appended to one log file per name, and whatever is alive when this process exits
// gets SIGKILL (the last-resort hook, like tools/dev-stack/processes.js).
'use strict';
const fs = require('fs');
const { spawn } = require('child_process');

const live = new Set();

process.once('exit', () => {
  for (const p of live) p.signal('SIGKILL');
});

/**
 * One restartable process. `start()` spawns `command args` (its own process group, so a terminal
 * Ctrl-C reaches only the runner); `kill9()` / `stop()` end it; `onExit(info, planned)` is called
 * on every exit, with planned=false when nobody here asked for it (a crash).
 */
class Supervised {
  constructor({ name, command, args, env, cwd, logFile, onExit }) {
    Object.assign(this, { name, command, args, env, cwd, logFile, onExit });
    this.child = null;
    this.exited = Promise.resolve(null);
    this.starts = 0;
    this.plannedExit = false;
  }

  running() {
    return this.child !== null;
  }

  start() {
    if (this.child) throw new Error(`${this.name} is already running`);
    const fd = fs.openSync(this.logFile, 'a');
    fs.writeSync(fd, `\n===== chaos: start #${++this.starts} of ${this.name} at ${new Date().toISOString()} =====\n`);
    const child = spawn(this.command, this.args, {
      cwd: this.cwd,
      env: typeof this.env === 'function' ? this.env() : this.env,
      detached: true,
      stdio: ['ignore', fd, fd],
    });
    fs.closeSync(fd);
    this.child = child;
    this.plannedExit = false;
    live.add(this);
    this.exited = new Promise((resolve) => {
      const done = (code, signal) => {
        if (this.child !== child) return;
        this.child = null;
        live.delete(this);
        const info = { code, signal, at: Date.now() };
        const planned = this.plannedExit;
        resolve(info);
        if (this.onExit) this.onExit(info, planned);
      };
      child.once('exit', done);
      child.once('error', (err) => done(null, `spawn error: ${err.message}`));
    });
    return child.pid;
  }

  signal(sig) {
    const child = this.child;
    if (!child) return;
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
  async kill9() {
    if (!this.child) return null;
    this.plannedExit = true;
    this.signal('SIGKILL');
    return this.exited;
  }

  /** SIGTERM, then SIGKILL after timeoutMs. */
  async stop(timeoutMs = 10000) {
    if (!this.child) return null;
    this.plannedExit = true;
    const exited = this.exited;
    this.signal('SIGTERM');
    let timer;
    const late = new Promise((resolve) => (timer = setTimeout(() => resolve('late'), timeoutMs)));
    if ((await Promise.race([exited, late])) === 'late') this.signal('SIGKILL');
    clearTimeout(timer);
    return exited;
  }
}

/** Kills every supervised process still alive (used on Ctrl-C before the async clean-up). */
function killAll() {
  for (const p of live) p.signal('SIGKILL');
}

module.exports = { Supervised, killAll };
