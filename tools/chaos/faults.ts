// Fault injection while the traffic runs: kill -9 of random service processes (the gateway now
// and then, two services at once sometimes) restarted after a short outage, and restarts of the
// run's own nats-server (kill -9 or SIGTERM), the apps' connections to the run's database
// terminated or that database refusing connections for a few seconds (pg-faults.ts), every SMPP
// connection dropped by the SMSC and planned SMSC restarts (stack.ts), latency and partitions
// between the apps and NATS/PostgreSQL (proxy-faults.ts). Never anything
// else: the machine's NATS on 4222, its PostgreSQL server and other databases are not ours.
import type { PgFaults } from './pg-faults';
import type { ProxyFaults } from './proxy-faults';
import { helpers, RandomHelpers } from './random';
import { slowness } from './slowness';
import type { MailCounter } from './smtp';
import type { ChaosStack } from './stack';
import type { Deadline } from './traffic-end';
import { errorStack, sleep, type Log, type Rng } from './types';

type FaultKind =
  | 'service'
  | 'twoServices'
  | 'gateway'
  | 'nats'
  | 'pgKill'
  | 'pgRefuse'
  | 'smtpDown'
  | 'smppDrop'
  | 'smscRestart'
  | 'latency'
  | 'partition';

/**
 * The family of each kind inject() picks; a family's faults are noted as `<family>:…`. Every family
 * this stack has is a coverage goal (checks/coverage.ts): a run that never restarted the broker
 * proves nothing about broker outages. Until each has been injected once, only missing ones are picked.
 */
const FAMILY: Record<FaultKind, string> = {
  service: 'kill9',
  twoServices: 'kill9',
  gateway: 'kill9',
  nats: 'nats',
  pgKill: 'pg',
  pgRefuse: 'pg',
  smtpDown: 'smtp',
  smppDrop: 'smsc',
  smscRestart: 'smsc',
  latency: 'proxy',
  partition: 'proxy',
};

/** What run.ts and the checks read of a fault source (Faults, or a scenario's). */
export interface FaultLog {
  count: number;
  byKind: Record<string, number>;
}

export class Faults implements FaultLog {
  count = 0;
  byKind: Record<string, number> = {};
  /** The fault families this stack has (see FAMILY). */
  readonly families: string[];
  private readonly stack: ChaosStack;
  private readonly intervalMs: [number, number];
  private readonly log: Log;
  private readonly pg: PgFaults | null;
  private readonly mails: MailCounter | null;
  private readonly proxies: ProxyFaults | null;
  private readonly r: RandomHelpers;
  private readonly pending = new Set<Promise<void>>();
  private smtpBusy = false;
  private smscBusy = false;
  private natsBusy = false;
  private pgBusy = false;

  /**
   * intervalMs: pause between two faults (uniform in the range); pg: database faults (run's
   * database only); mails: the SMTP catcher, to take down for a while.
   */
  constructor(o: {
    stack: ChaosStack;
    rng: Rng;
    intervalMs: [number, number];
    log: Log;
    pg?: PgFaults | null;
    mails?: MailCounter | null;
  }) {
    this.stack = o.stack;
    this.intervalMs = o.intervalMs;
    this.log = o.log;
    this.pg = o.pg ?? null;
    this.mails = o.mails ?? null;
    this.proxies = o.stack.proxies; // proxy-faults.ts, when run.ts put the apps behind proxies
    this.r = helpers(o.rng);
    this.families = [
      'kill9',
      ...(o.stack.nats ? ['nats'] : []),
      ...(this.pg ? ['pg'] : []),
      ...(this.mails ? ['smtp'] : []),
      ...(o.stack.smsc ? ['smsc'] : []),
      ...(this.proxies ? ['proxy'] : []),
    ];
  }

  /** Families of this stack not injected yet. */
  missingFamilies(): string[] {
    const seen = new Set(Object.keys(this.byKind).map((k) => k.split(':')[0]));
    return this.families.filter((f) => !seen.has(f));
  }

  /**
   * Injects faults until `end.until` (epoch ms, read each time: traffic-end.ts moves it). The pause
   * between two is scaled by the machine's slowness: a loaded machine takes several times as long
   * to bring a killed service back, and faults at the idle pace kept it down most of the time (a
   * run at load 25 on 2 cores: 81 faults, 83 operations in 300 s).
   */
  async run(end: Deadline): Promise<void> {
    while (Date.now() < end.until) {
      await sleep(Math.round(this.r.int(...this.intervalMs) * slowness()));
      if (Date.now() >= end.until) break;
      this.track(this.inject());
    }
    await Promise.all([...this.pending]);
  }

  /** Keeps the restarts running in the background; run() waits for them at the end. */
  private track(promise: Promise<void>): void {
    const p = promise.catch((err: unknown) => this.log(`fault failed: ${errorStack(err)}`));
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  private async inject(): Promise<void> {
    const services = [...this.stack.apps.keys()].filter((a) => a !== 'gateway');
    const proxiesIdle = this.proxies !== null && this.proxies.idle().length > 0;
    const weights: Record<FaultKind, number> = {
      service: 10,
      twoServices: services.length > 1 ? 2 : 0,
      gateway: this.stack.apps.has('gateway') ? 1.5 : 0,
      nats: 2,
      pgKill: this.pg ? 1.5 : 0,
      pgRefuse: this.pg ? 1 : 0,
      smtpDown: this.mails && !this.smtpBusy ? 1 : 0,
      smppDrop: this.stack.smsc ? 1.5 : 0,
      smscRestart: this.stack.smsc && !this.smscBusy ? 1 : 0,
      latency: proxiesIdle ? 2 : 0,
      partition: proxiesIdle ? 1.5 : 0,
    };
    const missing = this.missingFamilies();
    const owed = (Object.entries(weights) as [FaultKind, number][]).filter(
      ([k, w]) => w > 0 && missing.includes(FAMILY[k]),
    );
    const kind = this.r.weighted<FaultKind>(owed.length ? Object.fromEntries(owed) : weights);
    switch (kind) {
      case 'latency':
      case 'partition':
        if (this.proxies) await this.proxies.inject(kind, this.r, (k) => this.note(k));
        return;
      case 'smppDrop':
        return this.smppDrop();
      case 'smscRestart':
        return this.smscRestart();
      case 'smtpDown':
        return this.smtpDown();
      case 'nats':
        return this.natsRestart();
      case 'pgKill':
      case 'pgRefuse':
        return this.database(kind);
      case 'gateway':
      case 'twoServices':
      case 'service': {
        const victims =
          kind === 'gateway'
            ? ['gateway']
            : kind === 'twoServices'
              ? pickDistinct(this.r, services, 2)
              : [this.r.pick(services)].filter((s): s is string => s !== undefined);
        await Promise.all(victims.map((name) => this.killAndRestart(name)));
        return;
      }
    }
  }

  private async smppDrop(): Promise<void> {
    if (this.smscBusy || !this.stack.smsc?.running()) return;
    this.note('smsc:drop');
    await this.stack.dropSmppConnections();
  }

  private async smscRestart(): Promise<void> {
    if (this.smscBusy || !this.stack.smsc?.running()) return;
    this.smscBusy = true;
    try {
      this.note('smsc:restart');
      await this.stack.restartSmsc({ downMs: this.r.int(300, 3000) });
    } finally {
      this.smscBusy = false;
    }
  }

  private async killAndRestart(name: string): Promise<void> {
    const proc = this.stack.apps.get(name);
    if (!proc?.running()) return; // still down from an earlier fault
    await proc.kill9();
    this.note(`kill9:${name}`);
    await sleep(this.r.int(200, 3000));
    if (!this.stack.stopped && !proc.running()) proc.start();
  }

  private async natsRestart(): Promise<void> {
    if (this.natsBusy || !this.stack.nats?.running()) return;
    this.natsBusy = true;
    try {
      const graceful = this.r.chance(0.3);
      this.note(graceful ? 'nats:restart' : 'nats:kill9');
      await this.stack.restartNats({ graceful, downMs: this.r.int(300, 3000) });
    } finally {
      this.natsBusy = false;
    }
  }

  /** The apps' database connections cut, or the database refused for 1-4 s (never two at once). */
  private async database(kind: 'pgKill' | 'pgRefuse'): Promise<void> {
    if (this.pgBusy || !this.pg) return;
    this.pgBusy = true;
    try {
      this.note(kind === 'pgKill' ? 'pg:terminate' : 'pg:refuse');
      if (kind === 'pgKill') await this.pg.killConnections();
      else await this.pg.refuse(this.r.int(1000, 4000));
    } finally {
      this.pgBusy = false;
    }
  }

  /** The SMTP catcher answering 421 to every connection for 1-5 s: alerts must be retried, not lost. */
  private async smtpDown(): Promise<void> {
    if (!this.mails) return;
    this.smtpBusy = true;
    try {
      this.note('smtp:down');
      await this.mails.refuseFor(this.r.int(1000, 5000));
    } finally {
      this.smtpBusy = false;
    }
  }

  note(kind: string): void {
    this.count++;
    this.byKind[kind] = (this.byKind[kind] ?? 0) + 1;
  }
}

function pickDistinct(r: RandomHelpers, items: string[], n: number): string[] {
  const pool = [...items];
  const out: string[] = [];
  while (out.length < n && pool.length) out.push(...pool.splice(Math.floor(r.int(0, pool.length - 1)), 1));
  return out;
}
