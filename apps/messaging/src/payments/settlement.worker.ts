import { BackgroundLoop } from '@sms/events';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RefundReservationCommand, RemoteProblemError } from '@sms/contracts';
import { withSingletonLock } from '@sms/database';
import { DataSource } from 'typeorm';
import { MESSAGING_ENV, MessagingEnv } from '../messaging-env';
import { refundIdForMessage } from '../shared/derived-id';
import { WalletClient } from './wallet.client';
import { SettlementRepository } from './settlement.repository';

/** Campaigns settled and refunds made per wallet call (≤ SETTLE_BATCH_MAX, REFUND_BATCH_MAX). */
const BATCH = 200;

export interface RefundDue {
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
  private readonly repo = new SettlementRepository();
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
    const rows: { id: string }[] = await this.repo.campaignsToSettle(this.ds, BATCH);
    if (rows.length === 0) return 0;
    // One wallet transaction and one UPDATE for the whole tick, not two round trips per campaign.
    try {
      const { settled, notFound } = await this.wallet.settleBatch(rows.map((r) => r.id));
      if (notFound.length > 0)
        this.logger.warn({ msg: 'settlement: reservations unknown to the wallet; will retry', campaignIds: notFound });
      const ids = settled.map((s) => s.reservationId);
      if (ids.length > 0) await this.repo.markSettled(this.ds, ids);
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
    const rows: RefundDue[] = await this.repo.refundsDue(this.ds, BATCH);
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
    if (ids.length > 0) await this.repo.markRefunded(this.ds, ids);
    return ids.length;
  }

  /**
   * Cancelled messages, one refund per batch (the messages one cancellation took from one
   * campaign): a cancelled 10,000-recipient campaign is one refund, not 10,000; the batches found
   * in one tick go to the wallet in one call.
   */
  async refundCancelled(): Promise<number> {
    const rows = await this.repo.refundBatchesDue(this.ds, BATCH);
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
    if (confirmed.length > 0) await this.repo.markBatchesRefunded(this.ds, confirmed);
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
