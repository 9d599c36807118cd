import { BackgroundLoop } from '@sms/events';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RemoteProblemError } from '@sms/contracts';
import { withSingletonLock } from '@sms/database';
import { DataSource } from 'typeorm';
import { MESSAGING_ENV, MessagingEnv } from '../messaging-env';
import { refundIdForMessage } from '../shared/derived-id';
import { WalletClient } from './wallet.client';
import { SettlementRepository } from './settlement.repository';

/** Campaigns settled per wallet call (≤ SETTLE_BATCH_MAX) and refunds looked up per tick. */
const BATCH = 200;
const PARALLEL = 16;

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

  /** Messages the carrier refused or reported failed/expired, or cancelled, once their campaign is settled. */
  async refundUndelivered(): Promise<number> {
    const rows: RefundDue[] = await this.repo.refundsDue(this.ds, BATCH);
    let done = 0;
    await inParallel(rows, PARALLEL, async (m) => {
      try {
        await this.wallet.refund({
          refundId: refundIdForMessage(m.id),
          reservationId: m.campaignId,
          credits: m.segments,
          // "SMS sent" counts what the carrier accepted: a rejected or cancelled message was never sent.
          messages: m.neverSent ? 1 : 0,
        });
        await this.repo.markRefunded(this.ds, m.id);
        done++;
      } catch (err) {
        this.logger.warn({ msg: 'refund failed; will retry', messageId: m.id, error: describe(err) });
      }
    });
    return done;
  }

  /**
   * Cancelled messages, one refund per batch (the messages one cancellation took from one
   * campaign): a cancelled 10,000-recipient campaign is one wallet call, not 10,000.
   */
  async refundCancelled(): Promise<number> {
    const rows: { batchId: string; campaignId: string; segments: number; messages: number }[] =
      await this.repo.refundBatchesDue(this.ds, BATCH);
    let done = 0;
    await inParallel(rows, PARALLEL, async (b) => {
      try {
        // Never handed to the carrier: each leaves the "SMS sent" count.
        await this.wallet.refund({
          refundId: b.batchId,
          reservationId: b.campaignId,
          credits: b.segments * b.messages,
          messages: b.messages,
        });
        await this.repo.markBatchRefunded(this.ds, b.batchId);
        done++;
      } catch (err) {
        this.logger.warn({ msg: 'cancellation refund failed; will retry', batchId: b.batchId, error: describe(err) });
      }
    });
    return done;
  }
}

function describe(err: unknown): string {
  return err instanceof RemoteProblemError ? `${err.problem.status} ${err.problem.detail}` : String(err);
}

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
