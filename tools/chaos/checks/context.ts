// What every check gets: the database, the traffic's records and world, the mail counter, the API
// (owners logged in again, since tokens may have expired) and a violation collector.
import type { ConnectionOptions } from 'nats';
import type { Db } from '../db';
import type { Faults } from '../faults';
import { request } from '../http';
import type { Model } from '../model';
import type { MailCounter } from '../smtp';
import type { Traffic } from '../traffic';
import type { TrafficEnd } from '../traffic-end';
import type { ApiBody, Crash, Features, Person, Rng } from '../types';
import type { ChaosWebhooks } from '../webhook-receiver';

export interface Violation {
  check: string;
  message: string;
  samples?: string[];
}

export interface Note {
  check: string;
  message: string;
}

export class CheckContext {
  readonly db: Db;
  readonly traffic: Traffic;
  readonly mails: MailCounter;
  readonly apiUrl: string;
  readonly natsUrl: string;
  readonly natsPrefix: string;
  readonly features: Features;
  readonly rng: Rng;
  violations: Violation[] = [];
  notes: Note[] = [];
  crashes: Crash[] = [];
  /** --duration (s): scales the minimum successes of short runs. */
  durationS = 75;
  /** The stack's harness user for a check's own NATS connection. */
  natsConnectOptions: Partial<ConnectionOptions> = {};
  webhooks: ChaosWebhooks | null = null;
  /** Random faults in this run (not --no-faults, not a scenario). */
  faultsOn = false;
  faults: Faults | null = null;
  trafficEnd: TrafficEnd | null = null;
  /** The features as a sabotage (--self-test) pretends to have seen them; else `features`. */
  detected: Features | null = null;
  /** The client-side model, once checks/model.ts built it. */
  model: Model | null = null;

  constructor(o: {
    db: Db;
    traffic: Traffic;
    mails: MailCounter;
    apiUrl: string;
    natsUrl: string;
    natsPrefix: string;
    features: Features;
    rng: Rng;
  }) {
    this.db = o.db;
    this.traffic = o.traffic;
    this.mails = o.mails;
    this.apiUrl = o.apiUrl;
    this.natsUrl = o.natsUrl;
    this.natsPrefix = o.natsPrefix;
    this.features = o.features;
    this.rng = o.rng;
  }

  /** Records a violation; `samples` (ids, rows) are kept short in the report. */
  violation(check: string, message: string, samples?: string[]): void {
    const v: Violation = { check, message };
    if (samples && samples.length) v.samples = samples.slice(0, 5);
    this.violations.push(v);
  }

  note(check: string, message: string): void {
    this.notes.push({ check, message });
  }

  /** GET with retries; throws when no definitive 200 comes back. */
  async get(path: string, who: Person): Promise<ApiBody> {
    const res = await request(
      this.apiUrl,
      { method: 'GET', path, token: who.token },
      { rng: this.rng, giveUpMs: 30000, onUnauthorized: () => this.traffic.relogin(who) },
    );
    if (res.status !== 200 || !res.body) throw new Error(`GET ${path}: ${res.status || res.error}`);
    return res.body;
  }

  /** Every item of a keyset-paginated list. */
  async getAll(path: string, who: Person): Promise<ApiBody[]> {
    const items: ApiBody[] = [];
    let cursor: string | null | undefined = null;
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await this.get(
        `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
        who,
      );
      items.push(...(page.items ?? []));
      cursor = page.nextCursor;
    } while (cursor);
    return items;
  }
}

/** Groups rows by a key into a Map of arrays. */
export function groupBy<T, K>(rows: readonly T[], key: (row: T) => K): Map<K, T[]> {
  const map = new Map<K, T[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/** A check: its name, whether this stack has what it checks, and the check itself. */
export interface Check {
  name: string;
  enabled(features: Features): boolean;
  run(ctx: CheckContext): Promise<void>;
}
