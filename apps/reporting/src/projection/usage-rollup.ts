import { Injectable } from '@nestjs/common';
import { DEFAULT_TIME_ZONE } from '@sms/contracts';
import { EntityManager } from 'typeorm';
import { COUNTERS, UsageRollupRepository } from './usage-rollup.repository';

/** Rollup days are calendar days of this zone (accounts have no zone of their own yet). */
export const ROLLUP_TIME_ZONE = DEFAULT_TIME_ZONE;

type Counter = (typeof COUNTERS)[number];
type Counters = Record<Counter, number>;

/** What the rollups need of one message row. */
export interface MessageState {
  id: string;
  accountId: string;
  parentAccountId: string | null;
  /** Day of submission in ROLLUP_TIME_ZONE; null while only a status change has arrived. */
  day: string | null;
  segments: number | null;
  status: string;
}

const REFUNDED = new Set(['failed', 'expired', 'cancelled']);
const FINAL = new Set<string>(['delivered', 'failed', 'expired', 'cancelled', 'blocked']);

/** What one message adds to its rollup row, or null while it is not submitted. */
export function contribution(m: MessageState): { key: string; counters: Counters } | null {
  if (m.day === null || m.segments === null) return null;
  const charged = m.status === 'blocked' ? 0 : m.segments;
  const counters: Counters = {
    messages: 1,
    segments: m.segments,
    credits_charged: charged,
    credits_refunded: REFUNDED.has(m.status) ? charged : 0,
    delivered: 0,
    failed: 0,
    expired: 0,
    cancelled: 0,
    blocked: 0,
  };
  if (FINAL.has(m.status)) counters[m.status as Counter] = 1;
  return { key: `${m.parentAccountId ?? m.accountId}|${m.accountId}|${m.day}`, counters };
}

/**
 * The change to the rollups when message rows move from `before` to `after` (same ids; a row
 * absent before is missing from `before`). Because it is computed from the rows themselves,
 * under a lock per message, a replayed or late event that leaves a row unchanged adds nothing.
 */
export function rollupDelta(before: MessageState[], after: MessageState[]): Map<string, Counters> {
  const delta = new Map<string, Counters>();
  const add = (m: MessageState, sign: 1 | -1) => {
    const c = contribution(m);
    if (!c) return;
    let row = delta.get(c.key);
    if (!row) delta.set(c.key, (row = Object.fromEntries(COUNTERS.map((k) => [k, 0])) as Counters));
    for (const k of COUNTERS) row[k] += sign * c.counters[k];
  };
  for (const m of before) add(m, -1);
  for (const m of after) add(m, 1);
  for (const [key, row] of delta) if (COUNTERS.every((k) => row[k] === 0)) delta.delete(key);
  return delta;
}

/**
 * Keeps reporting.usage_daily in step with reporting.messages, inside the projection's
 * transaction: lock the batch's messages, read them, let the projection write, read again,
 * and add the difference to the rollups.
 */
@Injectable()
export class UsageRollup {
  private readonly repo = new UsageRollupRepository();
  /**
   * Transaction-scoped advisory locks per message id (in id order, so two batches never wait
   * on each other in a cycle): a second replica applying an event of the same message waits,
   * then reads the row as this transaction left it. Row locks would not cover rows not yet inserted.
   */
  async lockAndRead(em: EntityManager, ids: string[]): Promise<MessageState[]> {
    if (ids.length === 0) return [];
    await this.repo.lockMessages(em, ids);
    return this.read(em, ids);
  }

  async read(em: EntityManager, ids: string[]): Promise<MessageState[]> {
    if (ids.length === 0) return [];
    const rows: MessageState[] = await this.repo.messageStates(em, ids, ROLLUP_TIME_ZONE);
    return rows;
  }

  async apply(em: EntityManager, before: MessageState[], after: MessageState[]): Promise<void> {
    const daily = rollupDelta(before, after);
    if (daily.size === 0) return;
    // The monthly rows take the same deltas, keyed by the first day of the month.
    const monthly = new Map<string, Counters>();
    for (const [key, c] of daily) {
      const monthKey = `${key.slice(0, -2)}01`;
      const row = monthly.get(monthKey);
      if (!row) monthly.set(monthKey, { ...c });
      else for (const k of COUNTERS) row[k] += c[k];
    }
    await this.add(em, 'usage_daily', 'day', daily);
    await this.add(em, 'usage_monthly', 'month', monthly);
  }

  private async add(em: EntityManager, table: string, period: string, delta: Map<string, Counters>): Promise<void> {
    // Sorted keys: concurrent batches update shared rollup rows in the same order.
    const entries = [...delta].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const keys = entries.map(([k]) => k.split('|'));
    const col = (k: Counter) => entries.map(([, c]) => c[k]);
    const [owners, accounts, days] = [0, 1, 2].map((i) => keys.map((k) => k[i]));
    // Rows first (zeros), then the increments: the CHECKs (never negative, refunds never above
    // charges) hold for the row as updated, which a single upsert would not guarantee.
    await this.repo.addRollups(em, table, period, [owners, accounts, days, ...COUNTERS.map(col)]);
  }
}
