// The --rolling scenario: with two replicas of every app behind the dev balancer, every replica is
// restarted one at a time (SIGTERM, wait until it answers on its own port, next) while the traffic
// runs — clients must see no 5xx and no timeout — then one replica of each app is kill -9'ed in
// turn (restarted, waited for): the client-visible failures of that phase are counted and printed.
import type { CheckContext } from './checks/context';
import type { FaultLog } from './faults';
import type { Supervised } from './processes';
import type { ChaosStack } from './stack';
import type { Traffic } from './traffic';
import { sleep, type Log } from './types';

export class RollingRestarts implements FaultLog {
  count = 0;
  byKind: Record<string, number> = {};
  rollingS = 0;
  killS = 0;
  private readonly stack: ChaosStack;
  private readonly traffic: Traffic;
  private readonly log: Log;
  /** Pause between two restarts (lets the traffic reach the new replica). */
  private readonly settleMs: number;

  constructor({
    stack,
    traffic,
    log,
    settleMs = 2000,
  }: {
    stack: ChaosStack;
    traffic: Traffic;
    log: Log;
    settleMs?: number;
  }) {
    this.stack = stack;
    this.traffic = traffic;
    this.log = log;
    this.settleMs = settleMs;
  }

  /** Services first (in the order the stack started them), the gateway replicas last. */
  order(): [string, Supervised][] {
    const all = [...this.stack.apps.entries()];
    return [...all.filter(([, p]) => p.app !== 'gateway'), ...all.filter(([, p]) => p.app === 'gateway')];
  }

  async run(): Promise<void> {
    this.traffic.phase = 'warm-up';
    await sleep(this.settleMs * 2);
    this.traffic.phase = 'rolling';
    const rollingStart = Date.now();
    for (const [name, proc] of this.order()) {
      const t0 = Date.now();
      await proc.stop(30000);
      proc.start();
      await this.stack.waitReplicaReady(name);
      this.note('sigterm');
      this.log(`rolling: ${name} restarted, ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await sleep(this.settleMs);
    }
    this.rollingS = (Date.now() - rollingStart) / 1000;
    this.traffic.phase = 'kill-9';
    const killStart = Date.now();
    for (const app of this.stack.appNames) {
      const found = this.order().find(([, p]) => p.app === app);
      if (!found) continue;
      const [name, proc] = found;
      const t0 = Date.now();
      await proc.kill9();
      await sleep(500);
      proc.start();
      await this.stack.waitReplicaReady(name);
      this.note('kill9');
      this.log(`kill -9: ${name} back, ready after ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      await sleep(this.settleMs);
    }
    this.killS = (Date.now() - killStart) / 1000;
    this.traffic.phase = 'tail';
  }

  note(kind: string): void {
    this.count++;
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
  }
}

/**
 * The scenario's verdict: violations for any 5xx or timeout a client saw while the replicas were
 * restarted gracefully; the kill -9 phase's failures are printed (and repeatable ones noted).
 */
export function rollingVerdict(ctx: CheckContext, traffic: Traffic, scenario: RollingRestarts, log: Log): void {
  const phases = traffic.failures;
  for (const [phase, f] of Object.entries(phases)) {
    log(
      `client-visible failures [${phase}]: ${f.fiveXx} 5xx, ${f.timeouts} timeouts, ${f.connection} connection errors ` +
        `of ${f.requests} requests (repeatable ${f.repeatable}, not repeatable ${f.notRepeatable})` +
        (f.samples.length ? `; e.g. ${f.samples.join(' | ')}` : ''),
    );
  }
  const rolling = phases.rolling ?? { fiveXx: 0, timeouts: 0, connection: 0, samples: [] };
  const bad = rolling.fiveXx + rolling.timeouts + rolling.connection;
  if (bad > 0) {
    ctx.violation(
      'rolling',
      `${bad} client-visible failure(s) during the rolling restart (${rolling.fiveXx} 5xx, ${rolling.timeouts} timeouts, ${rolling.connection} connection errors)`,
      rolling.samples,
    );
  }
  const killed = phases['kill-9'];
  if (killed) {
    ctx.note(
      'rolling',
      `kill -9 phase: ${killed.fiveXx + killed.timeouts + killed.connection} client-visible failures (${killed.repeatable} of repeatable requests) in ${scenario.killS.toFixed(0)} s`,
    );
  }
}
