// Fault injection while the traffic runs: kill -9 of random service processes (the gateway now
// and then, two services at once sometimes) restarted after a short outage, and restarts of the
// run's own nats-server (kill -9 or SIGTERM), the apps' connections to the run's database
// terminated or that database refusing connections for a few seconds (pg-faults.js), every SMPP
// connection dropped by the SMSC and planned SMSC restarts (stack.js), latency and partitions
// between the apps and NATS/PostgreSQL (proxy-faults.js). Never anything
// else: the machine's NATS on 4222, its PostgreSQL server and other databases are not ours.
'use strict';
const { helpers } = require('./random');

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * The family of each kind inject() picks; a family's faults are noted as `<family>:…`. Every family
 * this stack has is a coverage goal (checks/coverage.js): a run that never restarted the broker
 * proves nothing about broker outages. Until each has been injected once, only missing ones are picked.
 */
const FAMILY = {
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

class Faults {
  /**
   * @param {object} o
   * @param {import('./stack').ChaosStack} o.stack
   * @param {() => number} o.rng
   * @param {[number, number]} o.intervalMs  pause between two faults (uniform in the range)
   * @param {import('./pg-faults').PgFaults} [o.pg]  database faults (run's database only)
   * @param {import('./smtp').MailCounter} [o.mails]  the SMTP catcher, to take down for a while
   */
  constructor({ stack, rng, intervalMs, log, pg, mails }) {
    Object.assign(this, { stack, rng, intervalMs, log, pg, mails });
    this.proxies = stack.proxies; // proxy-faults.js, when run.js put the apps behind proxies
    this.r = helpers(rng);
    this.count = 0;
    this.byKind = {};
    this.pending = new Set();
    /** The fault families this stack has (see FAMILY). */
    this.families = [
      'kill9',
      ...(stack.nats ? ['nats'] : []),
      ...(pg ? ['pg'] : []),
      ...(mails ? ['smtp'] : []),
      ...(stack.smsc ? ['smsc'] : []),
      ...(this.proxies ? ['proxy'] : []),
    ];
  }

  /** Families of this stack not injected yet. */
  missingFamilies() {
    const seen = new Set(Object.keys(this.byKind).map((k) => k.split(':')[0]));
    return this.families.filter((f) => !seen.has(f));
  }

  /** Injects faults until `end.until` (epoch ms, read each time: traffic-end.js moves it). */
  async run(end) {
    while (Date.now() < end.until) {
      await sleep(this.r.int(...this.intervalMs));
      if (Date.now() >= end.until) break;
      this.track(this.inject());
    }
    await Promise.all([...this.pending]);
  }

  /** Keeps the restarts running in the background; run() waits for them at the end. */
  track(promise) {
    const p = promise.catch((err) => this.log(`fault failed: ${err.stack || err.message}`));
    this.pending.add(p);
    p.finally(() => this.pending.delete(p));
  }

  async inject() {
    const services = [...this.stack.apps.keys()].filter((a) => a !== 'gateway');
    const weights = {
      service: 10,
      twoServices: services.length > 1 ? 2 : 0,
      gateway: this.stack.apps.has('gateway') ? 1.5 : 0,
      nats: 2,
      pgKill: this.pg ? 1.5 : 0,
      pgRefuse: this.pg ? 1 : 0,
      smtpDown: this.mails && !this.smtpBusy ? 1 : 0,
      smppDrop: this.stack.smsc ? 1.5 : 0,
      smscRestart: this.stack.smsc && !this.smscBusy ? 1 : 0,
      ...(this.proxies && this.proxies.idle().length ? { latency: 2, partition: 1.5 } : {}),
    };
    const missing = this.missingFamilies();
    const owed = Object.entries(weights).filter(([k, w]) => w > 0 && missing.includes(FAMILY[k]));
    const kind = this.r.weighted(owed.length ? Object.fromEntries(owed) : weights);
    if (kind === 'latency' || kind === 'partition') return this.proxies.inject(kind, this.r, (k) => this.note(k));
    if (kind === 'smppDrop') return this.smppDrop();
    if (kind === 'smscRestart') return this.smscRestart();
    if (kind === 'smtpDown') return this.smtpDown();
    if (kind === 'nats') return this.natsRestart();
    if (kind === 'pgKill' || kind === 'pgRefuse') return this.database(kind);
    const victims =
      kind === 'gateway'
        ? ['gateway']
        : kind === 'twoServices'
          ? pickDistinct(this.r, services, 2)
          : [this.r.pick(services)];
    await Promise.all(victims.map((name) => this.killAndRestart(name)));
  }

  async smppDrop() {
    if (this.smscBusy || !this.stack.smsc.running()) return;
    this.note('smsc:drop');
    await this.stack.dropSmppConnections();
  }

  async smscRestart() {
    if (this.smscBusy || !this.stack.smsc.running()) return;
    this.smscBusy = true;
    try {
      this.note('smsc:restart');
      await this.stack.restartSmsc({ downMs: this.r.int(300, 3000) });
    } finally {
      this.smscBusy = false;
    }
  }

  async killAndRestart(name) {
    const proc = this.stack.apps.get(name);
    if (!proc.running()) return; // still down from an earlier fault
    await proc.kill9();
    this.note(`kill9:${name}`);
    await sleep(this.r.int(200, 3000));
    if (!this.stack.stopped && !proc.running()) proc.start();
  }

  async natsRestart() {
    if (this.natsBusy || !this.stack.nats.running()) return;
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
  async database(kind) {
    if (this.pgBusy) return;
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
  async smtpDown() {
    this.smtpBusy = true;
    try {
      this.note('smtp:down');
      await this.mails.refuseFor(this.r.int(1000, 5000));
    } finally {
      this.smtpBusy = false;
    }
  }

  note(kind) {
    this.count++;
    this.byKind[kind] = (this.byKind[kind] || 0) + 1;
  }
}

function pickDistinct(r, items, n) {
  const pool = [...items];
  const out = [];
  while (out.length < n && pool.length) out.push(pool.splice(Math.floor(r.int(0, pool.length - 1)), 1)[0]);
  return out;
}

module.exports = { Faults };
