import { BackgroundLoop } from '@sms/events';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RefundReservationCommand, RemoteProblemError } from '@sms/contracts';
import { withSingletonLock } from '@sms/database';
import { DataSource } from 'typeorm';
import { MESSAGING_ENV, MessagingEnv } from '../messaging-env';
import { refundIdForMessage } from '../shared/derived-id';
import { WalletClient } from './wallet.client';

/** Campaigns settled and refunds made per wallet call (≤ SETTLE_BATCH_MAX, REFUND_BATCH_MAX). */
const BATCH = 200;

interface RefundDue {
  id: string;
  campaignId: string;
  segments: number;
  /** Rejected at submission (never left us) vs. accepted then failed/expired. */
  neverSent: boolean;
}

/**
 * What messaging owes the wallet, kept in its own tables and retried until the wallet
 * confirms: settling a campaign once every message was handed to the carrier, then one
 * refund per rejected/failed/expired message. Both calls are idempotent by id on the wallet
 * side, so a crash between the call and the UPDATE only repeats a no-op.
 */
@Injectable()
export class SettlementWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SettlementWorker.name);

  private readonly loop: BackgroundLoop;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(MESSAGING_ENV) env: MessagingEnv,
    private readonly wallet: WalletClient,
  ) {
    this.loop = new BackgroundLoop(() => this.tick(), { name: 'SettlementWorker', intervalMs: env.SETTLEMENT_POLL_MS });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Runs the loop now instead of at its next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** One replica at a time (the others skip their tick): the wallet calls are idempotent, but not free. */
  private async tick(): Promise<boolean> {
    const pass = await withSingletonLock(this.ds, 'messaging:settlement', async () => {
      const settled = await this.settleDispatched();
      const refunded = await this.refundUndelivered();
      const cancelled = await this.refundCancelled();
      return settled >= BATCH || refunded >= BATCH || cancelled >= BATCH;
    });
    return pass.ran && pass.value;
  }

  /**
   * Campaigns with no message left in the queue (a cancelled scheduled one too, before its
   * time): their reservation becomes a debit, and the refunds owed follow.
   */
  async settleDispatched(): Promise<number> {
    const rows: { id: string }[] = await this.ds.query(
      `SELECT c.id FROM messaging.campaigns c
        WHERE c.settled_at IS NULL
          AND (c.scheduled_at IS NULL OR c.scheduled_at <= now() OR c.cancelled_at IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM messaging.messages m WHERE m.campaign_id = c.id AND m.status = 'queued')
        ORDER BY c.created_at LIMIT $1`,
      [BATCH],
    );
    if (rows.length === 0) return 0;
    // One wallet transaction and one UPDATE for the whole tick, not two round trips per campaign.
    try {
      const { settled, notFound } = await this.wallet.settleBatch(rows.map((r) => r.id));
      if (notFound.length > 0)
        this.logger.warn({ msg: 'settlement: reservations unknown to the wallet; will retry', campaignIds: notFound });
      const ids = settled.map((s) => s.reservationId);
      if (ids.length > 0)
        await this.ds.query(
          `UPDATE messaging.campaigns SET settled_at = now() WHERE id = ANY($1::uuid[]) AND settled_at IS NULL`,
          [ids],
        );
      return ids.length;
    } catch (err) {
      this.logger.warn({ msg: 'settlement failed; will retry', campaigns: rows.length, error: describe(err) });
      return 0;
    }
  }

  /**
   * Messages the carrier refused or reported failed/expired, once their campaign is settled: up to
   * BATCH per tick in ONE wallet call (`refundBatch`, one wallet transaction), each message still
   * its own refund (id = uuid v5 of the message id, so a repeat is a no-op), then ONE UPDATE here
   * for the refunds the wallet confirmed. A refund the wallet refuses stays due and is logged.
   */
  async refundUndelivered(): Promise<number> {
    const rows: RefundDue[] = await this.ds.query(
      `SELECT m.id, m.campaign_id AS "campaignId", c.segments, (m.sent_at IS NULL) AS "neverSent"
         FROM messaging.messages m JOIN messaging.campaigns c ON c.id = m.campaign_id
        WHERE m.refund_state = 'due' AND m.refund_batch IS NULL AND c.settled_at IS NOT NULL
        LIMIT $1`,
      [BATCH],
    );
    if (rows.length === 0) return 0;
    const refundIds = new Map(rows.map((m) => [refundIdForMessage(m.id), m.id]));
    const confirmed = await this.refund(
      rows.map((m) => ({
        refundId: refundIdForMessage(m.id),
        reservationId: m.campaignId,
        credits: m.segments,
        // "SMS sent" counts what the carrier accepted: a rejected or cancelled message was never sent.
        messages: m.neverSent ? 1 : 0,
      })),
    );
    const ids = confirmed.map((refundId) => refundIds.get(refundId)!);
    if (ids.length > 0)
      await this.ds.query(
        `UPDATE messaging.messages SET refund_state = 'done' WHERE id = ANY($1::uuid[]) AND refund_state = 'due'`,
        [ids],
      );
    return ids.length;
  }

  /**
   * Cancelled messages, one refund per batch (the messages one cancellation took from one
   * campaign): a cancelled 10,000-recipient campaign is one refund, not 10,000; the batches found
   * in one tick go to the wallet in one call.
   */
  async refundCancelled(): Promise<number> {
    const rows: { batchId: string; campaignId: string; segments: number; messages: number }[] = await this.ds.query(
      `SELECT m.refund_batch AS "batchId", m.campaign_id AS "campaignId", c.segments, count(*)::int AS messages
         FROM messaging.messages m JOIN messaging.campaigns c ON c.id = m.campaign_id
        WHERE m.refund_state = 'due' AND m.refund_batch IS NOT NULL AND c.settled_at IS NOT NULL
        GROUP BY m.refund_batch, m.campaign_id, c.segments
        LIMIT $1`,
      [BATCH],
    );
    if (rows.length === 0) return 0;
    // Never handed to the carrier: each leaves the "SMS sent" count.
    const confirmed = await this.refund(
      rows.map((b) => ({
        refundId: b.batchId,
        reservationId: b.campaignId,
        credits: b.segments * b.messages,
        messages: b.messages,
      })),
    );
    if (confirmed.length > 0)
      await this.ds.query(
        `UPDATE messaging.messages SET refund_state = 'done' WHERE refund_batch = ANY($1::uuid[]) AND refund_state = 'due'`,
        [confirmed],
      );
    return confirmed.length;
  }

  /** One wallet call for the lot; the refund ids the wallet confirmed (none when the call failed: retried next tick). */
  private async refund(refunds: RefundReservationCommand[]): Promise<string[]> {
    try {
      const { refunded, refused } = await this.wallet.refundBatch(refunds);
      for (const r of refused)
        this.logger.warn({ msg: 'refund refused; will retry', refundId: r.refundId, status: r.status, code: r.code });
      return refunded.map((r) => r.refundId);
    } catch (err) {
      this.logger.warn({ msg: 'refunds failed; will retry', refunds: refunds.length, error: describe(err) });
      return [];
    }
  }
}

function describe(err: unknown): string {
  return err instanceof RemoteProblemError ? `${err.problem.status} ${err.problem.detail}` : String(err);
}
