// Supervised child processes for the chaos run, on the workspace's one supervisor
// (@sms/process-supervisor): each one can be kill -9'ed and started again, its output is appended
// to one log file per name (a banner per start), signals go to its whole process group, and
// whatever is alive when this process exits gets SIGKILL (the supervisor's exit hook).
// A thin adapter keeping the interface the chaos run was written against.
'use strict';
require('../runtime/register-aliases');
const { SupervisedProcess, killAll } = require('@sms/process-supervisor');

/** The supervisor's exit info as the chaos run reports it (a failed spawn in `signal`). */
function chaosExitInfo(info) {
  if (!info) return null;
  return { code: info.code, signal: info.error ? `spawn error: ${info.error.message}` : info.signal, at: info.at };
}

/**
 * One restartable process. `start()` spawns `command args` (its own process group, so a terminal
 * Ctrl-C reaches only the runner); `kill9()` / `stop()` end it; `onExit(info, planned)` is called
 * on every exit, with planned=false when nobody here asked for it (a crash). `env` may be a
 * function, read at every start; the fields may be changed between starts.
 */
class Supervised {
  constructor({ name, command, args, env, cwd, logFile, onExit }) {
    Object.assign(this, { name, command, args, env, cwd, logFile, onExit });
    const self = this;
    this.process = new SupervisedProcess({
      name,
      get command() {
        return self.command;
      },
      get args() {
        return self.args;
      },
      get cwd() {
        return self.cwd;
      },
      env: () => (typeof self.env === 'function' ? self.env() : self.env),
      get output() {
        return {
          kind: 'file',
          path: self.logFile,
          banner: (n) => `\n===== chaos: start #${n} of ${self.name} at ${new Date().toISOString()} =====\n`,
        };
      },
      signalGroup: true,
      onExit: (info, planned) => {
        if (self.onExit) self.onExit(chaosExitInfo(info), planned);
      },
    });
  }

  /** The running child, null when it is not running. */
  get child() {
    return this.process.running() ? this.process.child : null;
  }

  get starts() {
    return this.process.starts;
  }

  /** Settles with the exit of the current (or last) run; null before the first start. */
  get exited() {
    return this.process.exited.then(chaosExitInfo);
  }

  running() {
    return this.process.running();
  }

  /** Spawns it; returns the pid. Throws when it is running already. */
  start() {
    return this.process.start();
  }

  signal(sig) {
    this.process.signal(sig);
  }

  /** SIGKILL, resolves once the process is gone. */
  async kill9() {
    return chaosExitInfo(await this.process.kill9());
  }

  /** SIGTERM, then SIGKILL after timeoutMs. */
  async stop(timeoutMs = 10000) {
    if (!this.process.running()) return null;
    return chaosExitInfo(await this.process.stop(timeoutMs));
  }
}

module.exports = { Supervised, killAll };
