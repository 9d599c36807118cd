import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { TickBatcher } from '../shared/tick-batcher';

export type IntentState = 'reserving' | 'stored' | 'cancelled';

export interface OpenIntent {
  campaignId: string;
  accountId: string;
  credits: number;
  messages: number;
}

/** Reservations asked of the wallet, until their campaign is stored or their credits returned. */
@Injectable()
export class ReservationIntentRepository {
  private readonly opener = new TickBatcher<{ intent: OpenIntent; notAfter: Date }, IntentState>(
    (items) => this.openMany(items),
    500,
    4,
  );

  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** `open`, grouped with the concurrent ones into one multi-row insert (one round trip per tick). */
  openBatched(intent: OpenIntent, notAfter: Date): Promise<IntentState> {
    return this.opener.submit({ intent, notAfter });
  }

  private async openMany(items: { intent: OpenIntent; notAfter: Date }[]) {
    const inserted: { campaignId: string }[] = await this.ds.query(
      `INSERT INTO messaging.reservation_intents (campaign_id, account_id, credits, messages, state, not_after)
       SELECT campaign_id, account_id, credits, messages, 'reserving', not_after
         FROM unnest($1::uuid[], $2::uuid[], $3::int[], $4::int[], $5::timestamptz[])
              AS t(campaign_id, account_id, credits, messages, not_after)
       ON CONFLICT (campaign_id) DO NOTHING RETURNING campaign_id AS "campaignId"`,
      [
        items.map((i) => i.intent.campaignId),
        items.map((i) => i.intent.accountId),
        items.map((i) => i.intent.credits),
        items.map((i) => i.intent.messages),
        items.map((i) => i.notAfter),
      ],
    );
    const fresh = new Set(inserted.map((r) => r.campaignId));
    // An id already there (a concurrent retry, or twice in this batch): its state, like `open`.
    return Promise.all(
      items.map(async ({ intent, notAfter }) => {
        if (fresh.delete(intent.campaignId)) return { ok: 'reserving' as IntentState };
        try {
          return { ok: await this.open(intent, notAfter) };
        } catch (error) {
          return { error };
        }
      }),
    );
  }

  /** Records the intent (a retry with the same campaign id keeps the first) and says its state. */
  async open(intent: OpenIntent, notAfter: Date): Promise<IntentState> {
    const inserted: unknown[] = await this.ds.query(
      `INSERT INTO messaging.reservation_intents (campaign_id, account_id, credits, messages, state, not_after)
       VALUES ($1, $2, $3, $4, 'reserving', $5) ON CONFLICT (campaign_id) DO NOTHING RETURNING 1`,
      [intent.campaignId, intent.accountId, intent.credits, intent.messages, notAfter],
    );
    if (inserted.length > 0) return 'reserving';
    // A concurrent retry inserted it: read it in a new statement (a new snapshot sees it).
    const rows: { state: IntentState }[] = await this.ds.query(
      `SELECT state FROM messaging.reservation_intents WHERE campaign_id = $1`,
      [intent.campaignId],
    );
    return rows[0]?.state ?? 'reserving';
  }

  /** The wallet refused: nothing was reserved, nothing to give back. */
  async forget(campaignId: string): Promise<void> {
    await this.ds.query(`DELETE FROM messaging.reservation_intents WHERE campaign_id = $1 AND state = 'reserving'`, [
      campaignId,
    ]);
  }

  /** Locks the intent for the transaction that stores its campaign. */
  async lock(em: EntityManager, campaignId: string): Promise<IntentState | undefined> {
    const rows: { state: IntentState }[] = await em.query(
      `SELECT state FROM messaging.reservation_intents WHERE campaign_id = $1 FOR UPDATE`,
      [campaignId],
    );
    return rows[0]?.state;
  }

  /** `lock` for the campaigns of one batch, in id order; ids without an intent are absent. */
  async lockMany(em: EntityManager, campaignIds: string[]): Promise<Map<string, IntentState>> {
    const rows: { campaignId: string; state: IntentState }[] = await em.query(
      `SELECT campaign_id AS "campaignId", state FROM messaging.reservation_intents
        WHERE campaign_id = ANY($1::uuid[]) ORDER BY campaign_id FOR UPDATE`,
      [campaignIds],
    );
    return new Map(rows.map((r) => [r.campaignId, r.state]));
  }

  async markMany(em: EntityManager, campaignIds: string[], state: Exclude<IntentState, 'reserving'>): Promise<void> {
    if (campaignIds.length === 0) return;
    await em.query(`UPDATE messaging.reservation_intents SET state = $2 WHERE campaign_id = ANY($1::uuid[])`, [
      campaignIds,
      state,
    ]);
  }

  async mark(em: EntityManager, campaignId: string, state: Exclude<IntentState, 'reserving'>): Promise<void> {
    await em.query(`UPDATE messaging.reservation_intents SET state = $2 WHERE campaign_id = $1`, [campaignId, state]);
  }

  /** Intents past their deadline (plus a margin) whose campaign never got stored, locked. */
  async lockAbandoned(em: EntityManager, marginMs: number, limit: number): Promise<OpenIntent[]> {
    return em.query(
      `SELECT campaign_id AS "campaignId", account_id AS "accountId", credits, messages
         FROM messaging.reservation_intents
        WHERE state = 'reserving' AND not_after < now() - make_interval(secs => $1::float / 1000)
        ORDER BY not_after LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [marginMs, limit],
    );
  }
}
