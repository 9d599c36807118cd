import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { MessageStatusChangedData } from '@sms/contracts';
import { BackgroundLoop, EventPublisher } from '@sms/events';
import { DataSource, EntityManager } from 'typeorm';
import type { CarrierPort, SubmitResult } from '../carriers/carrier.port';
import { CARRIER } from '../carriers/throttled-carrier';
import { MESSAGING_ENV, MessagingEnv } from '../messaging-env';
import { appendStatusChanges } from '../shared/status-events';
import { DispatcherRepository } from './dispatcher.repository';

export interface DueMessage {
  id: string;
  campaignId: string;
  recipient: string;
  kind: 'customer' | 'system';
  accountId: string | null;
  parentAccountId: string | null;
  sender: string;
  text: string;
  segments: number;
  /** The recipient opted out of this account after the message was queued: blocked, not submitted. */
  optedOut: boolean;
}

/**
 * Parallel submits within one batch: the adapter's throttle and window, not this, set the pace. It is
 * also how much work the carrier still has in hand when the next batch is claimed (see `tick`).
 */
const SUBMIT_CONCURRENCY = 128;

/** One batch on its way: how many it claimed, when all were handed to the carrier, how many it handled. */
interface BatchRun {
  claimed: Promise<number>;
  handed: Promise<void>;
  done: Promise<number>;
}

/**
 * Hands due messages to the carrier. Due rows are claimed with FOR UPDATE SKIP LOCKED, so
 * replicas share the work and a message is never submitted twice concurrently; scheduled
 * campaigns are simply rows whose due_at is in the future, so a restart loses nothing.
 * A crash after the carrier accepted but before the commit re-submits the batch on restart
 * (at-least-once towards the carrier, as with any SMPP client).
 */
@Injectable()
export class Dispatcher implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly repo = new DispatcherRepository();
  private readonly logger = new Logger(Dispatcher.name);
  /** Called after each committed batch (the settlement worker listens). */
  onBatchCommitted: () => void = () => undefined;
  /** Awaited once the carrier is closed at shutdown (the recorder writes the reports it holds). */
  afterCarrierClosed: () => Promise<void> = () => Promise.resolve();

  private readonly loop: BackgroundLoop;
  private stopping = false;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(CARRIER) private readonly carrier: CarrierPort,
    @Inject(MESSAGING_ENV) private readonly env: MessagingEnv,
    private readonly events: EventPublisher,
  ) {
    this.loop = new BackgroundLoop(() => this.tick(), { name: 'Dispatcher', intervalMs: env.DISPATCH_POLL_MS });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.loop.stop();
    await this.carrier.close();
    // No receipt comes in any more: the ones received are written before the database closes
    // (onApplicationShutdown), so none is answered with an error only because we were stopping.
    await this.afterCarrierClosed();
  }

  /** Runs the loop now instead of at its next poll. */
  wake(): void {
    this.loop.wake();
  }

  /**
   * Two batches overlap while the queue is full: the next one is claimed (its own transaction,
   * SKIP LOCKED, so other rows) as soon as the current one has handed its last message to the
   * carrier, so the carrier's window does not idle while a batch records, commits and the next
   * claims. Never more than two: the current one commits before a third is claimed.
   */
  private async tick(): Promise<boolean> {
    const full = this.env.DISPATCH_BATCH_SIZE;
    let current = this.startBatch();
    for (;;) {
      if ((await current.claimed) < full || this.stopping) return (await current.done) >= full;
      await current.handed;
      const next = this.startBatch();
      try {
        await current.done;
      } catch (err) {
        await next.done.catch(() => undefined);
        throw err;
      }
      current = next;
    }
  }

  private startBatch(): BatchRun {
    let claimed!: (n: number) => void;
    let handed!: () => void;
    const run: BatchRun = {
      claimed: new Promise<number>((resolve) => (claimed = resolve)),
      handed: new Promise<void>((resolve) => (handed = resolve)),
      done: Promise.resolve(0),
    };
    run.done = this.dispatchBatch(undefined, { claimed, handed }).finally(() => {
      claimed(0); // no-ops once settled; a failed claim counts as empty
      handed();
    });
    return run;
  }

  /** Submits one batch of due messages (optionally only the given ids); returns how many were handled. */
  async dispatchBatch(
    onlyIds?: string[],
    progress?: { claimed(n: number): void; handed(): void },
  ): Promise<number> {
    const handled = await this.ds.transaction(async (em) => {
      const due = await this.claim(em, onlyIds);
      progress?.claimed(due.length);
      if (due.length === 0) return 0;
      const results = await mapLimit(
        due,
        SUBMIT_CONCURRENCY,
        (m) => (m.optedOut ? Promise.resolve(null) : this.submit(m)),
        progress?.handed,
      );
      await this.record(em, due, results);
      return due.filter((m, i) => m.optedOut || results[i] !== null).length;
    });
    if (handled > 0) {
      this.events.notifyCommitted();
      this.onBatchCommitted();
    }
    return handled;
  }

  private claim(em: EntityManager, onlyIds?: string[]): Promise<DueMessage[]> {
    return this.repo.claim(em, this.env.DISPATCH_BATCH_SIZE, onlyIds);
  }

  /** null = the adapter failed (not a verdict on the message): it stays queued for the next round. */
  private async submit(m: DueMessage): Promise<SubmitResult | null> {
    try {
      return await this.carrier.submit({
        messageId: m.id,
        from: m.sender,
        to: m.recipient,
        text: m.text,
        segments: m.segments,
      });
    } catch (err) {
      this.logger.warn({ msg: 'carrier submit failed; message stays queued', messageId: m.id, error: String(err) });
      return null;
    }
  }

  private async record(em: EntityManager, due: DueMessage[], results: (SubmitResult | null)[]): Promise<void> {
    const now = new Date();
    const sent: { id: string; carrierId: string }[] = [];
    const rejected: { id: string; code: string; refund: boolean }[] = [];
    const blocked: string[] = [];
    const events: MessageStatusChangedData[] = [];
    due.forEach((m, i) => {
      if (m.optedOut && m.accountId) {
        blocked.push(m.id);
        events.push(statusEvent(m, 'blocked', null, now));
        return;
      }
      const r = results[i];
      if (!r) return;
      if (r.accepted) sent.push({ id: m.id, carrierId: r.carrierMessageId });
      else rejected.push({ id: m.id, code: r.errorCode, refund: m.kind === 'customer' });
      if (m.kind !== 'customer' || !m.accountId) return; // system SMS: no history, no events
      events.push(statusEvent(m, r.accepted ? 'sent' : 'failed', r.accepted ? null : r.errorCode, now));
    });
    if (sent.length > 0) {
      await this.repo.markSent(
        em,
        sent.map((s) => s.id),
        sent.map((s) => s.carrierId),
        now,
      );
    }
    if (rejected.length > 0) {
      await this.repo.markFailed(
        em,
        rejected.map((r) => r.id),
        rejected.map((r) => r.code),
        rejected.map((r) => r.refund),
        now,
      );
    }
    if (blocked.length > 0) {
      // Its credits were reserved with the campaign: the settlement worker gives them back.
      await this.repo.markBlocked(em, blocked, now);
    }
    await appendStatusChanges(this.events, em, events);
  }
}

function statusEvent(
  m: DueMessage,
  status: MessageStatusChangedData['status'],
  errorCode: string | null,
  now: Date,
): MessageStatusChangedData {
  return {
    messageId: m.id,
    campaignId: m.campaignId,
    accountId: m.accountId ?? '',
    parentAccountId: m.parentAccountId,
    status,
    at: now.toISOString(),
    errorCode,
  };
}

/** `fn` over `items`, `limit` at a time, in order of start; `allStarted` once the last one started. */
async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
  allStarted?: () => void,
): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      const result = fn(items[i]);
      if (next === items.length) allStarted?.();
      out[i] = await result;
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
