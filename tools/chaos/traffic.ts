// Random concurrent traffic through the gateway: `concurrency` workers pick weighted operations
// (traffic-ops.ts) on a shared world of owners and sub-accounts until the deadline. Every POST
// that moves credits or money or sends SMS carries an Idempotency-Key and is written down in
// `records`, which the checks hold against the databases afterwards.
import { request } from './http';
import { helpers, RandomHelpers } from './random';
import type { MailCounter } from './smtp';
import { OPS, opWeights, OpName } from './traffic-ops';
import type { Deadline } from './traffic-end';
import type {
  Features,
  HttpReq,
  Log,
  Owner,
  Person,
  RequestResult,
  Rng,
  Sub,
  TrafficRecord,
  TrafficStats,
  Unexpected,
} from './types';

/** Client-visible failures of one phase of a scenario (every attempt counted). */
export interface PhaseFailures {
  requests: number;
  fiveXx: number;
  timeouts: number;
  connection: number;
  repeatable: number;
  notRepeatable: number;
  samples: string[];
}

export interface SendOptions {
  /** The definitive statuses this operation may legitimately get. */
  expected: number[];
  /** Problem codes it may get besides. */
  allowCodes?: string[];
  /** Who logs in again on a 401. */
  auth?: Person;
  cutShort?: number;
  repeat?: number;
  race?: number;
  unkeyed?: boolean;
}

export interface TrafficOptions {
  apiUrl: string;
  rng: Rng;
  /** Which kinds of traffic exist (features.ts). */
  features: Features;
  limits: { maxOwners: number; maxSubsPerOwner: number };
  runId: string;
  log: Log;
  /** Successes required per kind (checks/coverage.ts). */
  minOk?: Record<string, number>;
  /** The run's SMTP catcher, where the traffic reads alert verification codes. */
  mails?: MailCounter | null;
  injectTimeouts?: boolean;
}

const idPath = (path: string): string => path.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, ':id');

export class Traffic {
  readonly apiUrl: string;
  readonly rng: Rng;
  readonly features: Features;
  readonly limits: { maxOwners: number; maxSubsPerOwner: number };
  readonly runId: string;
  readonly log: Log;
  readonly minOk: Record<string, number>;
  readonly mails: MailCounter | null;
  readonly injectTimeouts: boolean;
  /** Set by a scenario (rolling.ts): client-visible failures are counted per phase in `failures`. */
  phase: string | null = null;
  failures: Record<string, PhaseFailures> = {};
  readonly r: RandomHelpers;
  owners: Owner[] = [];
  subs: Sub[] = [];
  records: TrafficRecord[] = [];
  /** Sub-accounts whose deactivation a client asked for: their queued messages may end cancelled. */
  deactivationsAsked = new Set<string>();
  unexpected: Unexpected[] = [];
  stats: TrafficStats = {
    ops: 0,
    attempts: 0,
    retried: 0,
    repeats: 0,
    clientTimeouts: 0,
    gaveUp: 0,
    unknownOutcomes: 0,
    byOp: {},
  };
  seq = 0;
  signupsInFlight = 0;
  /** One crossing send went through (traffic-ops.ts crossAlert). */
  crossedAlert = false;
  /** { until } of the run (run()); the traffic stops once Date.now() passes it. */
  private end: Deadline = { until: 0 };

  constructor(o: TrafficOptions) {
    this.apiUrl = o.apiUrl;
    this.rng = o.rng;
    this.features = o.features;
    this.limits = o.limits;
    this.runId = o.runId;
    this.log = o.log;
    this.minOk = o.minOk ?? {};
    this.mails = o.mails ?? null;
    this.injectTimeouts = o.injectTimeouts ?? true;
    this.r = helpers(o.rng);
  }

  get until(): number {
    return this.end.until;
  }

  /**
   * The operation weights, with kinds still short of their required successes (`minOk`, the
   * coverage check's) made four times likelier: a loaded machine still proves every kind.
   */
  weights(): Record<OpName, number> {
    const w = opWeights(this);
    for (const [name, min] of Object.entries(this.minOk)) {
      const op = name as OpName;
      const ok = this.stats.byOp[name]?.ok ?? 0;
      if (w[op] > 0 && ok < min) w[op] *= 4;
    }
    return w;
  }

  nextId(): number {
    return ++this.seq;
  }

  key(kind: string): string {
    return `${kind}.${this.runId}.${this.nextId()}`;
  }

  /**
   * Runs the workers (and `readers` workers doing reads only, for volume) until `end.until` (epoch ms,
   * read before every operation: traffic-end.ts moves it).
   */
  async run(end: Deadline, concurrency: number, readers = 0): Promise<void> {
    this.end = end;
    await Promise.all([
      ...Array.from({ length: concurrency }, () => this.worker()),
      ...Array.from({ length: readers }, () => this.worker('reads')),
    ]);
  }

  private async worker(only?: OpName): Promise<void> {
    while (Date.now() < this.until) {
      const name: OpName = only ?? this.r.weighted(this.weights());
      let outcome: string;
      try {
        outcome = await OPS[name](this);
      } catch (err) {
        outcome = 'error';
        this.unexpected.push({ op: name, status: 'exception', detail: String(err instanceof Error ? err.stack : err) });
      }
      if (outcome === 'skip') {
        await new Promise((r) => setTimeout(r, 20));
        continue;
      }
      this.stats.ops++;
      const s = (this.stats.byOp[name] ??= {});
      s[outcome] = (s[outcome] ?? 0) + 1;
    }
  }

  /**
   * One logical request with the run's retry policy. `expected` lists the definitive statuses
   * this operation may legitimately get, `allowCodes` problem codes it may get besides; anything
   * else is recorded as unexpected, and so is `idempotency-key-reused` for a same-body request.
   */
  async send(op: string, req: HttpReq, o: SendOptions): Promise<RequestResult> {
    const { expected, allowCodes = [], auth, cutShort = 0.08, repeat = 0.1, race = 0.04, unkeyed = false } = o;
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
    const reused = [res, ...res.repeats].filter((a) => a.body?.code === 'idempotency-key-reused');
    if (op !== 'key-reuse' && reused.length) {
      this.unexpected.push({
        op,
        method: req.method,
        path: idPath(req.path),
        status: 409,
        code: 'idempotency-key-reused',
        detail: `same-body ${reused[0] === res ? 'request' : 'repeat'} answered idempotency-key-reused (key ${req.key})`,
      });
    }
    // A key-less POST whose outcome is unknown (a timeout, a cut connection: 5 % of them are cut
    // short on purpose) is not retried by policy; it did not run out of retries (the model resolves it).
    if (res.gaveUp && res.unknownOutcome) this.stats.unknownOutcomes++;
    else if (res.gaveUp) this.stats.gaveUp++;
    else if (
      !expected.includes(res.status) &&
      !reused.includes(res) &&
      !(typeof res.body?.code === 'string' && allowCodes.includes(res.body.code))
    ) {
      this.unexpected.push({
        op,
        method: req.method,
        path: idPath(req.path),
        status: res.status,
        code: res.body ? (res.body.code ?? res.body.title) : undefined,
        detail: res.body?.detail,
      });
    }
    return res;
  }

  /**
   * Client-visible failures of the current phase, every attempt included (a client's retry does
   * not hide them): 5xx answers, client timeouts, connections refused or dropped. Split into
   * requests safe to repeat (GET, or carrying an Idempotency-Key) and the others.
   */
  private countFailures(req: HttpReq, res: RequestResult): void {
    if (!this.phase) return;
    const f = (this.failures[this.phase] ??= {
      requests: 0,
      fiveXx: 0,
      timeouts: 0,
      connection: 0,
      repeatable: 0,
      notRepeatable: 0,
      samples: [],
    });
    const seen = [...res.statuses, ...res.repeats.map((r) => r.status || (r.error ?? 'no-answer'))];
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
  record(
    kind: string,
    fields: Omit<TrafficRecord, 'kind' | 'status' | 'body' | 'repeats' | 'statuses'>,
    res: RequestResult,
  ): void {
    this.records.push({
      kind,
      status: res.gaveUp ? 'gave-up' : res.status,
      body: res.body,
      repeats: res.repeats.map((r) => ({ status: r.status, body: r.body })),
      statuses: res.statuses,
      ...fields,
    });
  }

  outcome(res: RequestResult, ok: number): string {
    if (res.gaveUp) return 'gave-up';
    return res.status === ok ? 'ok' : `http-${res.status}`;
  }

  /** Logs `who` (an owner or a manager) in again; resolves the new access token or null. */
  async relogin(who: Person): Promise<string | null> {
    if (who.active === false) return null;
    const res = await request(
      this.apiUrl,
      { method: 'POST', path: '/auth/login', body: { email: who.email, password: who.password } },
      { rng: this.rng, giveUpMs: 30000 },
    );
    if (res.status !== 200 || typeof res.body?.accessToken !== 'string') return null;
    who.token = res.body.accessToken;
    return who.token;
  }
}
