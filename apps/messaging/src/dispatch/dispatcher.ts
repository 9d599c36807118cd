import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { MessageStatusChangedData, MessagingEvents } from '@sms/contracts';
import { BackgroundLoop, EventPublisher, PendingEvent } from '@sms/events';
import { DataSource, EntityManager } from 'typeorm';
import type { CarrierPort, SubmitResult } from '../carriers/carrier.port';
import { CARRIER } from '../carriers/throttled-carrier';
import { MESSAGING_ENV, MessagingEnv } from '../messaging-env';
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

/** Parallel submits within one batch: the adapter's throttle, not this, sets the pace. */
const SUBMIT_CONCURRENCY = 64;

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

  private readonly loop: BackgroundLoop;

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
    await this.loop.stop();
    await this.carrier.close();
  }

  /** Runs the loop now instead of at its next poll. */
  wake(): void {
    this.loop.wake();
  }

  private async tick(): Promise<boolean> {
    const handled = await this.dispatchBatch();
    return handled >= this.env.DISPATCH_BATCH_SIZE;
  }

  /** Submits one batch of due messages (optionally only the given ids); returns how many were handled. */
  async dispatchBatch(onlyIds?: string[]): Promise<number> {
    const handled = await this.ds.transaction(async (em) => {
      const due = await this.claim(em, onlyIds);
      if (due.length === 0) return 0;
      const results = await mapLimit(due, SUBMIT_CONCURRENCY, (m) =>
        m.optedOut ? Promise.resolve(null) : this.submit(m),
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
    const events: PendingEvent<MessageStatusChangedData>[] = [];
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
    await this.events.appendMany(em, MessagingEvents.messageStatusChanged, events);
  }
}

function statusEvent(
  m: DueMessage,
  status: MessageStatusChangedData['status'],
  errorCode: string | null,
  now: Date,
): PendingEvent<MessageStatusChangedData> {
  const accountId = m.accountId ?? '';
  return {
    accountId,
    occurredAt: now,
    data: {
      messageId: m.id,
      campaignId: m.campaignId,
      accountId,
      parentAccountId: m.parentAccountId,
      status,
      at: now.toISOString(),
      errorCode,
    },
  };
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
