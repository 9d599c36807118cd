import { BackgroundLoop } from '@sms/events';
import { BeforeApplicationShutdown, Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import { whenDatabaseReachable, withSingletonLock } from '@sms/database';
import { DataSource } from 'typeorm';
import type { AwaitedReport, CarrierPort } from '../carriers/carrier.port';
import { CARRIER } from '../carriers/throttled-carrier';
import { MESSAGING_ENV, MessagingEnv } from '../messaging-env';
import { AwaitedReportsRepository } from './awaited-reports.repository';
import { PENDING_RECEIPT_TTL_MS, PendingReceiptRepository } from './pending-receipt.repository';
import { orphanReceiptsExpired } from './receipt-metrics';

const BATCH = 1000;
/** Pending receipts handed back to the carrier per pass (newest first). */
const PENDING_BATCH = 5000;

/**
 * Hands the carrier the accepted messages whose delivery report never got recorded: at start
 * (reports pending in a process that stopped) and every REPORT_RECOVERY_MS (a report whose
 * recording failed). Without it such messages would stay `sent` for ever, unrefunded. Then hands
 * it the stored pending receipts (those that came before their message was known here), and
 * deletes the ones nothing took for PENDING_RECEIPT_TTL_MS (orphans, counted).
 */
@Injectable()
export class AwaitedReportsWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly repo = new AwaitedReportsRepository();
  private readonly loop: BackgroundLoop;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(CARRIER) private readonly carrier: CarrierPort,
    @Inject(MESSAGING_ENV) private readonly env: MessagingEnv,
    private readonly pending: PendingReceiptRepository,
  ) {
    this.loop = new BackgroundLoop(() => this.tick(), {
      name: 'AwaitedReportsWorker',
      intervalMs: env.REPORT_RECOVERY_MS,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    // Every report awaited when this process starts, however recent: a receipt the SMSC kept while
    // the previous process was down arrives as soon as we bind, and a message sent just before the
    // stop (younger than REPORT_RECOVERY_MS) would not be restored in time for it to be applied.
    // The carrier's restore is per process and idempotent, so no lock: each replica restores.
    // A database outage at start is waited out, not fatal (a chaos run saw messaging exit here).
    await whenDatabaseReachable(async () => {
      await this.resumeAll();
      await this.replayPending();
    }, 'messaging: awaited reports at start');
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Runs the loop now instead of at its next poll. */
  wake(): void {
    this.loop.wake();
  }

  /** One replica at a time: two would each hand the carrier the same overdue messages. */
  private async tick(): Promise<boolean> {
    await withSingletonLock(this.ds, 'messaging:awaited-reports', async () => {
      await this.resumeOverdue(this.env.REPORT_RECOVERY_MS);
      await this.replayPending();
      orphanReceiptsExpired.inc(await this.pending.expire(PENDING_RECEIPT_TTL_MS));
    });
    return false;
  }

  /** Stored pending receipts handed to the carrier: those whose message it now tracks are applied. */
  async replayPending(): Promise<number> {
    if (!this.carrier.replayPending) return 0;
    const receipts = await this.pending.list(PENDING_BATCH);
    if (receipts.length > 0) await this.carrier.replayPending(receipts);
    return receipts.length;
  }

  /** Every message still without a report, newest first, handed to the carrier page by page. */
  async resumeAll(): Promise<number> {
    let total = 0;
    let before: { sentAt: Date; id: string } | undefined;
    for (;;) {
      const page: (AwaitedReport & { sentAt: Date })[] = await this.repo.awaitedPage(
        this.ds,
        before?.sentAt ?? null,
        before?.id ?? null,
        BATCH,
      );
      if (page.length === 0) return total;
      this.carrier.resume(page.map(({ messageId, carrierMessageId, to }) => ({ messageId, carrierMessageId, to })));
      total += page.length;
      if (page.length < BATCH) return total;
      const last = page[page.length - 1];
      before = { sentAt: last.sentAt, id: last.messageId };
    }
  }

  /** Messages sent more than `olderThanMs` ago still without a report, handed to the carrier. */
  async resumeOverdue(olderThanMs: number): Promise<number> {
    const awaited: AwaitedReport[] = await this.repo.awaitedOf(this.ds, olderThanMs, BATCH);
    if (awaited.length > 0) this.carrier.resume(awaited);
    return awaited.length;
  }
}
