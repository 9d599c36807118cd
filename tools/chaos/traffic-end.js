// When the traffic and the faults stop. At --duration when the run has already done what it needs
// to prove anything (every coverage goal met: checks/coverage.js); otherwise they go on until it
// has, up to `capFactor` × duration, so a loaded machine that gets fewer operations done per second
// is not taken for a broken system. At the cap, whatever is unmet is left for the coverage check to
// fail on: never a vacuous pass.
'use strict';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

class TrafficEnd {
  /**
   * @param {object} o
   * @param {number} o.durationS   --duration: the traffic runs at least this long
   * @param {number} [o.capFactor] at most capFactor × durationS
   * @param {(msg: string) => void} o.log
   */
  constructor({ durationS, capFactor = 4, log }) {
    this.log = log;
    this.started = Date.now();
    this.durationS = durationS;
    this.capS = durationS * capFactor;
    this.minUntil = this.started + durationS * 1000;
    this.capUntil = this.started + this.capS * 1000;
    /** Epoch ms at which the loops (traffic, faults, webhooks) stop: the cap until the watcher decides. */
    this.until = this.capUntil;
    this.reason = null;
    /** The goals still unmet when the traffic stopped ([] when every one was met). */
    this.unmet = [];
  }

  /** Seconds the traffic ran (so far). */
  ranS() {
    return (Math.min(Date.now(), this.until) - this.started) / 1000;
  }

  /**
   * From --duration on, asks `unmetGoals()` (resolves a list of what is still short, [] when all met)
   * every `pollMs` and stops the traffic once it is empty or at the cap. Logs what it waits for.
   */
  async watch(unmetGoals, { pollMs = 1000 } = {}) {
    await sleep(Math.max(0, this.minUntil - Date.now()));
    let lastLog = 0;
    for (;;) {
      const unmet = await unmetGoals();
      if (unmet.length === 0) return this.stop([], 'every coverage goal met');
      if (Date.now() >= this.capUntil) return this.stop(unmet, `cap of ${this.capS} s reached`);
      if (Date.now() - lastLog >= 15000) {
        lastLog = Date.now();
        this.log(`traffic goes on past ${this.durationS} s (cap ${this.capS} s): still short of ${unmet.join('; ')}`);
      }
      await sleep(pollMs);
    }
  }

  stop(unmet, reason) {
    this.until = Math.min(this.until, Date.now());
    this.unmet = unmet;
    this.reason = reason;
  }

  /** One line: how long the traffic ran and why it stopped. */
  summary() {
    const ran = this.ranS().toFixed(0);
    return this.unmet.length === 0
      ? `traffic ran ${ran} s (--duration ${this.durationS} s, cap ${this.capS} s): stopped, ${this.reason}`
      : `traffic ran ${ran} s (--duration ${this.durationS} s): stopped, ${this.reason} with ${this.unmet.length} goal(s) unmet: ${this.unmet.join('; ')}`;
  }
}

module.exports = { TrafficEnd };
