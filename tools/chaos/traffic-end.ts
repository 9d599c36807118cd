// When the traffic and the faults stop. At --duration when the run has already done what it needs
// to prove anything (every coverage goal met: checks/coverage.ts); otherwise they go on until it
// has, up to `capFactor` × duration, so a loaded machine that gets fewer operations done per second
// is not taken for a broken system. At the cap, whatever is unmet is left for the coverage check to
// fail on: never a vacuous pass.
import { sleep, type Log } from './types';

/** When a loop stops: `until` (epoch ms) is read before every round, so it may move. */
export interface Deadline {
  until: number;
  /** The earliest end (--duration), when there is one. */
  minUntil?: number;
}

export class TrafficEnd implements Deadline {
  readonly started = Date.now();
  readonly durationS: number;
  readonly capS: number;
  readonly minUntil: number;
  readonly capUntil: number;
  /** Epoch ms at which the loops (traffic, faults, webhooks) stop: the cap until the watcher decides. */
  until: number;
  reason: string | null = null;
  /** The goals still unmet when the traffic stopped ([] when every one was met). */
  unmet: string[] = [];
  private readonly log: Log;

  constructor({ durationS, capFactor = 4, log }: { durationS: number; capFactor?: number; log: Log }) {
    this.log = log;
    this.durationS = durationS;
    this.capS = durationS * capFactor;
    this.minUntil = this.started + durationS * 1000;
    this.capUntil = this.started + this.capS * 1000;
    this.until = this.capUntil;
  }

  /** Seconds the traffic ran (so far). */
  ranS(): number {
    return (Math.min(Date.now(), this.until) - this.started) / 1000;
  }

  /**
   * From --duration on, asks `unmetGoals()` (resolves a list of what is still short, [] when all met)
   * every `pollMs` and stops the traffic once it is empty or at the cap. Logs what it waits for.
   */
  async watch(unmetGoals: () => Promise<string[]>, { pollMs = 1000 }: { pollMs?: number } = {}): Promise<void> {
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

  stop(unmet: string[], reason: string): void {
    this.until = Math.min(this.until, Date.now());
    this.unmet = unmet;
    this.reason = reason;
  }

  /** One line: how long the traffic ran and why it stopped. */
  summary(): string {
    const ran = this.ranS().toFixed(0);
    return this.unmet.length === 0
      ? `traffic ran ${ran} s (--duration ${this.durationS} s, cap ${this.capS} s): stopped, ${this.reason}`
      : `traffic ran ${ran} s (--duration ${this.durationS} s): stopped, ${this.reason} with ${this.unmet.length} goal(s) unmet: ${this.unmet.join('; ')}`;
  }
}
