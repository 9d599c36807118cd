// Waiting for quiet after the faults: polls the database until nothing is left in flight —
// outboxes published, every event applied by its consumer (inbox rows), no message waiting for
// the carrier or its receipt, campaigns settled, refunds paid, alerts delivered, sagas closed.
import type { Db } from './db';
import { scaled } from './slowness';
import type { Log } from './types';

/**
 * Each probe: [name, tables it needs, SQL returning one row with `n` = what is still pending,
 * optional SQL counting the pending items that can no longer move on their own (stuck)].
 */
type Probe = [name: string, tables: string[], sql: string, stuckSql?: string];

const PROBES: Probe[] = [
  ...['wallet', 'billing', 'messaging'].map(
    (s): Probe => [
      `${s} outbox unpublished`,
      [`${s}.outbox`],
      `SELECT count(*)::int AS n FROM ${s}.outbox WHERE published_at IS NULL`,
    ],
  ),
  [
    'invoice-paid events not applied by wallet',
    ['billing.outbox', 'wallet.inbox'],
    `SELECT count(*)::int AS n FROM billing.outbox o WHERE o.type = 'billing.invoice.paid.v1'
       AND NOT EXISTS (SELECT 1 FROM wallet.inbox i WHERE i.event_id = o.id)`,
  ],
  [
    'balance-changed events not applied by notifications',
    ['wallet.outbox', 'notifications.inbox'],
    `SELECT count(*)::int AS n FROM wallet.outbox o WHERE o.type = 'wallet.balance.changed.v1'
       AND NOT EXISTS (SELECT 1 FROM notifications.inbox i WHERE i.event_id = o.id)`,
  ],
  [
    'message events not applied by reporting',
    ['messaging.outbox', 'reporting.inbox'],
    `SELECT count(*)::int AS n FROM messaging.outbox o WHERE o.type LIKE 'messaging.message.%'
       AND NOT EXISTS (SELECT 1 FROM reporting.inbox i WHERE i.event_id = o.id)`,
  ],
  [
    'messages not final (queued or sent)',
    ['messaging.messages'],
    `SELECT count(*)::int AS n FROM messaging.messages WHERE status IN ('queued', 'sent')`,
    // The simulated carrier reports after SIM_DLR_DELAY_MS (50 ms here); a report lost with a killed
    // process is asked again after REPORT_RECOVERY_MS (2 s here): still 'sent' 20 s later means stuck.
    `SELECT count(*)::int AS n FROM messaging.messages WHERE status = 'sent' AND sent_at < now() - interval '20 seconds'`,
  ],
  [
    // A reservation whose reply was lost is given back once its deadline (10 s) and a 20 s margin passed.
    'reservation intents open',
    ['messaging.reservation_intents'],
    `SELECT count(*)::int AS n FROM messaging.reservation_intents WHERE state = 'reserving'`,
  ],
  [
    'campaigns not settled',
    ['messaging.campaigns'],
    `SELECT count(*)::int AS n FROM messaging.campaigns WHERE settled_at IS NULL`,
  ],
  [
    'refunds due',
    ['messaging.messages'],
    `SELECT count(*)::int AS n FROM messaging.messages WHERE refund_state = 'due'`,
  ],
  [
    'alerts pending',
    ['notifications.alerts'],
    `SELECT count(*)::int AS n FROM notifications.alerts WHERE status = 'pending'`,
  ],
  [
    'identity outbox unpublished',
    ['identity.outbox'],
    `SELECT count(*)::int AS n FROM identity.outbox WHERE published_at IS NULL`,
  ],
  [
    // The sub-account list's "SMS sent" counts messaging's status events in the wallet. A batch with
    // no `sent` change is acked unread there (no inbox row): only the others are waited for.
    'message status events not applied by wallet',
    ['messaging.outbox', 'wallet.inbox'],
    `SELECT count(*)::int AS n FROM messaging.outbox o
      WHERE (o.type = 'messaging.message.status-changed.v1'
             OR (o.type = 'messaging.message.status-changed-batch.v1'
                 AND o.payload->'data'->'changes' @> '[{"status": "sent"}]'::jsonb))
       AND NOT EXISTS (SELECT 1 FROM wallet.inbox i WHERE i.event_id = o.id)`,
  ],
  [
    'sub-account sagas open',
    ['wallet.sub_account_sagas'],
    `SELECT count(*)::int AS n FROM wallet.sub_account_sagas WHERE state IN ('started', 'compensating')`,
  ],
];

/** The probes whose tables exist in this run's database. */
async function availableProbes(db: Db): Promise<Probe[]> {
  const out: Probe[] = [];
  for (const probe of PROBES) {
    let ok = true;
    for (const t of probe[1]) {
      const [schema, table] = t.split('.');
      ok = ok && (await db.hasTable(schema, table));
    }
    if (ok) out.push(probe);
  }
  return out;
}

type Pending = Record<string, number>;

/** { pending: {name: n}, moving: number of pending items that are not stuck } */
async function pending(db: Db, probes: Probe[]): Promise<{ pending: Pending; moving: number }> {
  const out: Pending = {};
  let moving = 0;
  for (const [name, , sql, stuckSql] of probes) {
    const { n } = await db.one<{ n: number }>(sql);
    if (n === 0) continue;
    out[name] = n;
    moving += stuckSql ? n - (await db.one<{ n: number }>(stuckSql)).n : n;
  }
  return { pending: out, moving };
}

/**
 * A deadline that moves while there is progress: it expires `idleMs` after the pending total last
 * reached a new low, and at `capMs` in any case. A loaded machine drains slowly but steadily; a
 * system that stopped draining is caught after `idleMs` all the same.
 */
export class ProgressDeadline {
  private readonly idleMs: number;
  private readonly cap: number;
  private lowest = Infinity;
  private until: number;

  constructor({ idleMs, capMs }: { idleMs: number; capMs: number }) {
    const started = Date.now();
    this.idleMs = idleMs;
    this.cap = started + capMs;
    this.until = Math.min(this.cap, started + idleMs);
  }

  /** Records the pending total now; a new low moves the deadline. */
  progress(total: number): void {
    if (total < this.lowest) {
      this.lowest = total;
      this.until = Math.min(this.cap, Date.now() + this.idleMs);
    }
  }

  expired(): boolean {
    return Date.now() > this.until;
  }
}

const total = (pendingByName: Pending): number => Object.values(pendingByName).reduce((s, n) => s + n, 0);

export interface QuietResult {
  quiet: boolean;
  stalled: boolean;
  waitedMs: number;
  pending: Pending;
}

/**
 * Resolves { quiet, stalled, waitedMs, pending } once two polls in a row find nothing pending
 * (quiet), or nothing but stuck items (stalled: no use waiting, the checks name them), or when
 * nothing drained for `timeoutMs` (scaled by the machine's slowness), at most 3 × that (neither).
 */
export async function waitForQuiet(
  db: Db,
  { timeoutMs, intervalMs = 1000, log }: { timeoutMs: number; intervalMs?: number; log: Log },
): Promise<QuietResult> {
  const started = Date.now();
  const idleMs = scaled(timeoutMs);
  const deadline = new ProgressDeadline({ idleMs, capMs: 3 * idleMs });
  const probes = await availableProbes(db);
  let calm = 0;
  let last: Pending = {};
  let lastLog = 0;
  for (;;) {
    const state = await pending(db, probes);
    last = state.pending;
    deadline.progress(total(last));
    calm = state.moving === 0 ? calm + 1 : 0;
    const quiet = Object.keys(last).length === 0;
    if (calm >= 2) return { quiet, stalled: !quiet, waitedMs: Date.now() - started, pending: last };
    if (deadline.expired()) return { quiet: false, stalled: false, waitedMs: Date.now() - started, pending: last };
    if (Date.now() - lastLog > 10000 && Object.keys(last).length) {
      lastLog = Date.now();
      log(`waiting for quiet: ${JSON.stringify(last)}`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
