import { smsDelivered, smsFailed } from '@sms/metrics';
import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { MessageStatusChangedData } from '@sms/contracts';
import { EventPublisher } from '@sms/events';
import { DataSource } from 'typeorm';
import type { CarrierPort, DeliveryReport } from '../carriers/carrier.port';
import { CARRIER } from '../carriers/throttled-carrier';
import { appendStatusChanges } from '../shared/status-events';
import { DeliveryReportRepository } from './delivery-report.repository';
import { PendingReceiptRepository } from './pending-receipt.repository';

interface Waiting {
  report: DeliveryReport;
  done: (err?: unknown) => void;
}

export interface Updated {
  id: string;
  campaignId: string;
  accountId: string | null;
  parentAccountId: string | null;
  kind: 'customer' | 'system';
}

/**
 * A batch is written once no report came for QUIET_MS (the SMSC sent what its deliver_sm window
 * allows, or the flow paused), or MAX_WAIT_MS after its first report under a steady flow, or at
 * MAX_BATCH. Under a flood of receipts that is one transaction per 50 ms instead of one per few
 * (each transaction also costs an outbox row, a relay pass and a transaction in every consumer);
 * a windowed SMSC still sees its receipts answered QUIET_MS after the last one it could send.
 */
const QUIET_MS = 5;
const MAX_WAIT_MS = 50;
const MAX_BATCH = 1000;

/**
 * Applies delivery reports: final status, refund owed for failed/expired customer messages,
 * and the status-changed events (batched per account), all in one transaction. Reports are grouped into small batches;
 * each handler call resolves only after its report committed, so an SMPP adapter can ack the
 * deliver_sm then. A repeated or stale report changes nothing (only sent/queued rows move).
 * The pending receipts a report settles are deleted in its transaction: applied once, never lost.
 */
@Injectable()
export class DeliveryReportRecorder implements OnModuleInit {
  private readonly repo = new DeliveryReportRepository();
  private readonly logger = new Logger(DeliveryReportRecorder.name);
  private queue: Waiting[] = [];
  private timer?: NodeJS.Timeout;
  /** When the first report of the waiting batch and the latest report came (ms). */
  private firstAt = 0;
  private lastAt = 0;
  private flushing = Promise.resolve();
  onCommitted: () => void = () => undefined;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(CARRIER) private readonly carrier: CarrierPort,
    private readonly events: EventPublisher,
    private readonly pending: PendingReceiptRepository,
  ) {}

  onModuleInit(): void {
    this.carrier.onDeliveryReport((r) => this.record(r));
    // Receipts that cannot be applied yet are committed before the carrier acknowledges them.
    this.carrier.onPendingReceipt?.((r) => this.pending.store(r));
  }

  record(report: DeliveryReport): Promise<void> {
    return new Promise((resolve, reject) => {
      const now = Date.now();
      this.queue.push({ report, done: (err) => (err ? reject(err) : resolve()) });
      this.lastAt = now;
      if (this.queue.length >= MAX_BATCH) {
        clearTimeout(this.timer);
        this.timer = undefined;
        this.enqueueFlush();
      } else if (!this.timer) {
        this.firstAt = now;
        this.arm(QUIET_MS);
      }
    });
  }

  /** Writes every report received so far (at shutdown, once the carrier is closed). */
  async drain(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    do {
      this.enqueueFlush();
      await this.flushing;
    } while (this.queue.length > 0);
  }

  /** Fires when the batch is due (quiet, or waited long enough); else waits the rest. */
  private arm(delay: number): void {
    this.timer = setTimeout(() => {
      const now = Date.now();
      const due = Math.min(this.lastAt + QUIET_MS, this.firstAt + MAX_WAIT_MS);
      if (now < due) {
        this.arm(due - now);
      } else {
        this.timer = undefined;
        this.enqueueFlush();
      }
    }, delay);
  }

  private enqueueFlush(): void {
    // One batch at a time: keeps row-lock order simple and the pool free for the dispatcher. The
    // batch is taken when its turn comes, not when it was due: reports that arrive while a batch
    // commits all go into the next one (group commit).
    this.flushing = this.flushing.then(() => {
      const batch = this.queue.splice(0, MAX_BATCH);
      if (this.queue.length >= MAX_BATCH) this.enqueueFlush();
      return this.flush(batch);
    });
  }

  private async flush(batch: Waiting[]): Promise<void> {
    if (batch.length === 0) return;
    try {
      await this.apply(batch.map((w) => w.report));
      this.events.notifyCommitted();
      this.onCommitted();
      for (const w of batch) w.done();
    } catch (err) {
      this.logger.error({ msg: 'could not record delivery reports', count: batch.length, error: String(err) });
      for (const w of batch) w.done(err);
    }
  }

  private async apply(reports: DeliveryReport[]): Promise<void> {
    // One report per message in a batch (the latest wins), so the UPDATE … FROM is unambiguous.
    const byId = new Map(reports.map((r) => [r.messageId, r]));
    const unique = [...byId.values()];
    const recorded = await this.ds.transaction(async (em) => {
      // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount].
      const [updated]: [Updated[], number] = await this.repo.applyReports(
        em,
        unique.map((r) => r.messageId),
        unique.map((r) => r.status),
        unique.map((r) => r.errorCode ?? null),
        unique.map((r) => r.at),
      );
      const events = updated
        .filter((u) => u.kind === 'customer' && u.accountId)
        .map((u): MessageStatusChangedData => {
          const r = byId.get(u.id)!;
          return {
            messageId: u.id,
            campaignId: u.campaignId,
            accountId: u.accountId!,
            parentAccountId: u.parentAccountId,
            status: r.status,
            at: r.at.toISOString(),
            errorCode: r.errorCode ?? null,
          };
        });
      await appendStatusChanges(this.events, em, events);
      await this.pending.settle(
        em,
        reports.flatMap((r) => r.settlesReceipts ?? []),
      );
      return updated.map((u) => byId.get(u.id)!.status);
    });
    // Committed: each message's final status counts once (a repeated receipt updates no row).
    for (const status of recorded) {
      if (status === 'delivered') smsDelivered.inc();
      else smsFailed.inc({ status });
    }
  }
}
