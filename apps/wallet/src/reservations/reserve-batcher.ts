import { Inject, Injectable, Logger } from '@nestjs/common';
import { BalanceChangedData, WalletEvents } from '@sms/contracts';
import { EventPublisher } from '@sms/events';
import { LedgerTx } from '../ledger/ledger-tx';
import { currentSpanContext, runInSpanContext, SpanContext } from '@sms/tracing';
import { RESERVE_BATCH_SQL, ReserveBatchRow } from './reserve-batch.statement';
import { ReserveInput } from './reserve.statement';

/** The most reserves one transaction applies (a bigger queue drains in several). */
const MAX_BATCH = 500;

export interface BatchedReserve {
  debitedAccountId: string;
  balanceAfter: string;
}

interface Waiting {
  input: ReserveInput;
  /** The caller's span: its event's producer span is a child of it, whichever request drains the batch. */
  trace?: SpanContext;
  /** The reserve as applied by a batch, or null: not applied there, run it on its own. */
  done: (applied: BatchedReserve | null) => void;
}

/**
 * Group commit for reserves: concurrent requests (of one hot account or of many) are queued
 * while a batch is in flight and the queue drains into ONE auto-committed statement,
 * RESERVE_BATCH_SQL (one conditional UPDATE per payer wallet, multi-row inserts of the ledger rows
 * and of their balance-changed events), then each caller gets its own answer. Whatever a batch does not apply
 * (a replayed id, no wallet, an inactive sub-account, a short balance, or a failed batch) answers
 * null and the caller runs the one-reserve statement, which gives that request its own answer
 * (422, 409, replay) without touching its neighbours. A lone request (no concurrency) answers
 * null at once: one auto-committed statement is cheaper than BEGIN … COMMIT for one.
 */
@Injectable()
export class ReserveBatcher {
  private readonly logger = new Logger(ReserveBatcher.name);
  private queue: Waiting[] = [];
  private inFlight = false;
  private scheduled = false;

  constructor(
    private readonly tx: LedgerTx,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

  reserve(input: ReserveInput): Promise<BatchedReserve | null> {
    return new Promise((done) => {
      this.queue.push({ input, done, trace: currentSpanContext() });
      this.schedule();
    });
  }

  /** Drains on the next turn of the event loop, so the requests of this turn share the batch. */
  private schedule(): void {
    if (this.inFlight || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  private async drain(): Promise<void> {
    if (this.inFlight || this.queue.length === 0) return;
    this.inFlight = true;
    try {
      while (this.queue.length > 0) {
        const batch = this.take();
        if (batch.length === 1 && this.queue.length === 0) {
          batch[0].done(null);
          break;
        }
        await this.apply(batch);
      }
    } finally {
      this.inFlight = false;
      if (this.queue.length > 0) this.schedule();
    }
  }

  /** Up to MAX_BATCH waiting requests, one per reservation id (a repeat waits for the next batch and replays). */
  private take(): Waiting[] {
    const ids = new Set<string>();
    const batch: Waiting[] = [];
    const rest: Waiting[] = [];
    for (const w of this.queue) {
      if (batch.length < MAX_BATCH && !ids.has(w.input.reservationId)) {
        ids.add(w.input.reservationId);
        batch.push(w);
      } else rest.push(w);
    }
    this.queue = rest;
    return batch;
  }

  private async apply(batch: Waiting[]): Promise<void> {
    let applied = new Map<string, BatchedReserve>();
    try {
      applied = await this.statement(batch);
      if (applied.size > 0) this.events.notifyCommitted();
    } catch (err) {
      // Nothing of the batch was written: each request runs on its own and gets its own answer.
      this.logger.warn({
        msg: 'reserve batch failed; its requests run one by one',
        size: batch.length,
        error: err instanceof Error ? err.message : String(err),
      });
    }
    for (const w of batch) w.done(applied.get(w.input.reservationId) ?? null);
  }

  /** One auto-committed statement (RESERVE_BATCH_SQL): nothing is written unless all of it is. */
  private async statement(batch: Waiting[]): Promise<Map<string, BatchedReserve>> {
    const inputs = batch.map((w) => w.input);
    const inTrace = <T>(w: Waiting, fn: () => T): T => runInSpanContext(w.trace, fn);
    const events = batch.map((w) => {
      const i = w.input;
      const data: BalanceChangedData = {
        accountId: i.accountId,
        transferId: i.reservationId,
        kind: 'reserve',
        cause: 'reserve',
        before: 0,
        after: 0,
      };
      return inTrace(w, () => this.events.outboxRow(WalletEvents.balanceChanged, data, { accountId: i.accountId }));
    });
    const rows = await this.tx.statement<ReserveBatchRow>('wallet-reserve-batch', RESERVE_BATCH_SQL, [
      inputs.map((i) => i.reservationId),
      inputs.map((i) => i.accountId),
      inputs.map((i) => i.credits),
      inputs.map((i) => i.messages),
      inputs.map((i) => i.contentHash),
      events.map((e) => e.id),
      events.map((e) => e.payload),
      WalletEvents.balanceChanged.type,
      this.events.subjectOf(WalletEvents.balanceChanged),
      events.map((e) => e.traceparent),
    ]);
    return new Map(rows.map((r) => [r.id, { debitedAccountId: r.debitedAccountId, balanceAfter: r.balanceAfter }]));
  }
}
