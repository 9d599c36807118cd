// Random concurrent traffic through the gateway: `concurrency` workers pick weighted operations
// (traffic-ops.js) on a shared world of owners and sub-accounts until the deadline. Every POST
// that moves credits or money or sends SMS carries an Idempotency-Key and is written down in
// `records`, which the checks hold against the databases afterwards.
'use strict';
const { request } = require('./http');
const { helpers } = require('./random');
const { OPS, opWeights } = require('./traffic-ops');

class Traffic {
  /**
   * @param {object} o
   * @param {string} o.apiUrl
   * @param {() => number} o.rng
   * @param {object} o.features   which kinds of traffic exist (features.js)
   * @param {object} o.limits     { maxOwners, maxSubsPerOwner }
   * @param {string} o.runId
   * @param {Record<string, number>} [o.minOk]  successes required per kind (checks/coverage.js)
   */
  constructor({ apiUrl, rng, features, limits, runId, log, minOk, mails = null, injectTimeouts = true }) {
    // `mails`: the run's SMTP catcher, where the traffic reads alert verification codes.
    Object.assign(this, { apiUrl, rng, features, limits, runId, log, minOk, mails, injectTimeouts });
    /** Set by a scenario (rolling.js): client-visible failures are counted per phase in `failures`. */
    this.phase = null;
    this.failures = {};
    this.r = helpers(rng);
    this.owners = [];
    this.subs = [];
    this.records = [];
    /** Sub-accounts whose deactivation a client asked for: their queued messages may end cancelled. */
    this.deactivationsAsked = new Set();
    this.unexpected = [];
    this.stats = { ops: 0, attempts: 0, retried: 0, repeats: 0, clientTimeouts: 0, gaveUp: 0, byOp: {} };
    this.seq = 0;
    this.signupsInFlight = 0;
    /** { until } of the run (run()); the traffic stops once Date.now() passes it. */
    this.end = { until: 0 };
  }

  get until() {
    return this.end.until;
  }

  /**
   * The operation weights, with kinds still short of their required successes (`minOk`, the
   * coverage check's) made four times likelier: a loaded machine still proves every kind.
   */
  weights() {
    const w = opWeights(this);
    for (const [name, min] of Object.entries(this.minOk || {})) {
      const ok = (this.stats.byOp[name] && this.stats.byOp[name].ok) || 0;
      if (w[name] > 0 && ok < min) w[name] *= 4;
    }
    return w;
  }

  nextId() {
    return ++this.seq;
  }

  key(kind) {
    return `${kind}.${this.runId}.${this.nextId()}`;
  }

  /**
   * Runs the workers (and `readers` workers doing reads only, for volume) until `end.until` (epoch ms,
   * read before every operation: traffic-end.js moves it).
   * @param {{ until: number }} end
   */
  async run(end, concurrency, readers = 0) {
    this.end = end;
    await Promise.all([
      ...Array.from({ length: concurrency }, (_, i) => this.worker(i)),
      ...Array.from({ length: readers }, () => this.worker(null, 'reads')),
    ]);
  }

  async worker(_index, only) {
    while (Date.now() < this.until) {
      const name = only || this.r.weighted(this.weights());
      let outcome;
      try {
        outcome = await OPS[name](this);
      } catch (err) {
        outcome = 'error';
        this.unexpected.push({ op: name, status: 'exception', detail: String(err && err.stack) });
      }
      if (outcome === 'skip') {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      this.stats.ops++;
      const s = (this.stats.byOp[name] = this.stats.byOp[name] || {});
      s[outcome] = (s[outcome] || 0) + 1;
    }
  }

  /**
   * One logical request with the run's retry policy. `expected` lists the definitive statuses
   * this operation may legitimately get, `allowCodes` problem codes it may get besides; anything
   * else is recorded as unexpected, and so is `idempotency-key-reused` for a same-body request.
   */
  async send(
    op,
    req,
    { expected, allowCodes = [], auth, cutShort = 0.08, repeat = 0.1, race = 0.04, unkeyed = false } = {},
  ) {
    const res = await request(this.apiUrl, req, {
      rng: this.rng,
      unkeyed,
      cutShort: !this.injectTimeouts ? 0 : req.key || unkeyed ? cutShort : 0.02,
      repeat: req.key ? repeat : 0,
      race: req.key ? race : 0,
      onUnauthorized: auth ? () => this.relogin(auth) : undefined,
    });
    this.stats.attempts += res.attempts + res.repeats.length;
    this.stats.repeats += res.repeats.length;
    if (res.attempts > 1) this.stats.retried++;
    this.stats.clientTimeouts += res.statuses.filter((s) => s === 'client-timeout').length;
    this.countFailures(req, res);
    // A retry, repeat or racing copy of the same body must never be taken for another request.
    const reused = [res, ...res.repeats].filter((a) => a.body && a.body.code === 'idempotency-key-reused');
    if (op !== 'key-reuse' && reused.length) {
      this.unexpected.push({
        op,
        method: req.method,
        path: req.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id'),
        status: 409,
        code: 'idempotency-key-reused',
        detail: `same-body ${reused[0] === res ? 'request' : 'repeat'} answered idempotency-key-reused (key ${req.key})`,
      });
    }
    if (res.gaveUp) this.stats.gaveUp++;
    else if (
      !expected.includes(res.status) &&
      !reused.includes(res) &&
      !allowCodes.includes(res.body && res.body.code)
    ) {
      this.unexpected.push({
        op,
        method: req.method,
        path: req.path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id'),
        status: res.status,
        code: res.body && (res.body.code || res.body.title),
        detail: res.body && res.body.detail,
      });
    }
    return res;
  }

  /**
   * Client-visible failures of the current phase, every attempt included (a client's retry does
   * not hide them): 5xx answers, client timeouts, connections refused or dropped. Split into
   * requests safe to repeat (GET, or carrying an Idempotency-Key) and the others.
   */
  countFailures(req, res) {
    if (!this.phase) return;
    const f = (this.failures[this.phase] = this.failures[this.phase] || {
      requests: 0,
      fiveXx: 0,
      timeouts: 0,
      connection: 0,
      repeatable: 0,
      notRepeatable: 0,
      samples: [],
    });
    const seen = [...res.statuses, ...res.repeats.map((r) => r.status || r.error)];
    f.requests += seen.length;
    for (const s of seen) {
      const kind =
        typeof s === 'number' ? (s >= 500 ? 'fiveXx' : null) : s === 'client-timeout' ? 'timeouts' : 'connection';
      if (!kind) continue;
      f[kind]++;
      f[req.method === 'GET' || req.key ? 'repeatable' : 'notRepeatable']++;
      if (f.samples.length < 8) f.samples.push(`${req.method} ${req.path.replace(/[0-9a-f-]{36}/g, ':id')} → ${s}`);
    }
  }

  /** Records a keyed request for the idempotency and effect checks. */
  record(kind, fields, res) {
    this.records.push({
      kind,
      status: res.gaveUp ? 'gave-up' : res.status,
      body: res.body,
      repeats: res.repeats.map((r) => ({ status: r.status, body: r.body })),
      statuses: res.statuses,
      ...fields,
    });
  }

  outcome(res, ok) {
    if (res.gaveUp) return 'gave-up';
    return res.status === ok ? 'ok' : `http-${res.status}`;
  }

  /** Logs `who` (an owner or a manager) in again; resolves the new access token or null. */
  async relogin(who) {
    if (who.active === false) return null;
    const res = await request(
      this.apiUrl,
      { method: 'POST', path: '/auth/login', body: { email: who.email, password: who.password } },
      { rng: this.rng, giveUpMs: 30000 },
    );
    if (res.status !== 200) return null;
    who.token = res.body.accessToken;
    return who.token;
  }
}

module.exports = { Traffic };
