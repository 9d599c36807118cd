import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';

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
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

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
