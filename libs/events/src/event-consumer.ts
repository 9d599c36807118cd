import { Logger, LoggerService } from '@nestjs/common';
import { AnyEvent, EventDataOf } from '@sms/contracts';
import { requestContext } from '@sms/logging';
import { extractTraceContext, SpanContext, SpanKind, startSpan } from '@sms/tracing';
import {
  AckPolicy,
  ConsumerConfig,
  ConsumerMessages,
  DeliverPolicy,
  headers,
  JetStreamManager,
  JsMsg,
  nanos,
} from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { ensureEventsStream } from './ensure-events-stream';
import {
  deadLetterSubject,
  EventEnvelope,
  eventSubject,
  eventsStreamName,
  MalformedEventError,
  natsNameToken,
  parseEnvelope,
} from './event-envelope';
import { eventDataProblem } from './event-validation';
import {
  acquireConnection,
  errorMessage,
  Latch,
  NatsSource,
  OwnedConnection,
  retryWhileBrokerDown,
  sleep,
} from './nats-connection';
import { quoteSchema } from './schema-name';

/** The envelope a consumer of descriptor(s) `D` receives, its data validated against their class. */
export type EventOf<D extends AnyEvent> = D extends unknown ? EventEnvelope<EventDataOf<D>> : never;
export type EventHandler<D extends AnyEvent> = (envelope: EventOf<D>, em: EntityManager) => Promise<void>;
export type EventBatchHandler<D extends AnyEvent> = (envelopes: EventOf<D>[], em: EntityManager) => Promise<void>;

/** Narrows an envelope of a multi-event consumer: `if (isEvent(e, MessagingEvents.messageSubmitted)) e.data.recipient`. */
export function isEvent<D extends AnyEvent>(envelope: EventEnvelope, event: D): envelope is EventOf<D> {
  return envelope.type === event.type;
}

/** Dead-letter headers: why, which consumer, and where the event came from. */
export const DLQ_HEADERS = {
  reason: 'Sms-Dlq-Reason',
  consumer: 'Sms-Dlq-Consumer',
  subject: 'Sms-Dlq-Subject',
  streamSeq: 'Sms-Dlq-Stream-Seq',
} as const;

export interface EventConsumerOptions<D extends AnyEvent> {
  dataSource: DataSource;
  /** The consuming service's schema, holding its inbox table. */
  schema: string;
  nats: NatsSource;
  service: string;
  /** Transport prefix (the service's NATS_PREFIX): subjects, the stream and the durable's name. */
  natsPrefix: string;
  /** What this consumer does, e.g. `credit-on-payment`; with `service` it names the durable. */
  purpose: string;
  /** The events it applies, declared in libs/contracts (`BillingEvents.invoicePaid`). */
  events: readonly D[];
  /**
   * One wildcard type for the durable's filter instead of a subject per event (`messaging.message.>`;
   * several subjects need nats-server ≥ 2.10). Events it catches that are not in `events` are acked unhandled.
   */
  filterType?: string;
  /**
   * Narrows the consumer below what a subject can say (one subject carries every audit entry, a
   * consumer may apply a few actions): an event it returns false for is acked unhandled, before its
   * data is validated, without an inbox row and never dead-lettered here (not this consumer's to judge).
   */
  appliesTo?: (envelope: EventEnvelope) => boolean;
  /** One event at a time, each in its own transaction. Exactly one of `handler` and `batch`. */
  handler?: EventHandler<D>;
  /**
   * The events at hand (up to `maxEvents`, flushed when nothing more is waiting on the server or
   * received by this client) in one transaction,
   * their inbox rows first; the whole batch is retried when it fails.
   */
  batch?: {
    handler: EventBatchHandler<D>;
    maxEvents: number;
    /**
     * When a batch is not full and nothing more has reached this client, wait this long once for
     * more before applying it (0, the default: apply at once). Under a steady flow of small events
     * a batch then takes what came within the wait: fewer transactions, and changes of one row that
     * land together are written once. The cost is as much latency for each event.
     */
    lingerMs?: number;
  };
  logger?: LoggerService;
  ackWaitMs?: number;
  /** -1 (default) = redeliver until applied: a lost event is worse than a stuck one, which is logged. */
  maxDeliver?: number;
  maxAckPending?: number;
  /** Delay before redelivery after a handler failure; `attempt` starts at 1. */
  retryDelayMs?: (attempt: number) => number;
  /** Pull batch size; messages are still handled in order. */
  maxMessages?: number;
  ensureStream?: boolean;
}

/** The producer span of an event, from the traceparent header the outbox relay set. */
function traceOf(msg: JsMsg): SpanContext | undefined {
  return extractTraceContext(msg.headers);
}

const defaultRetryDelay = (attempt: number): number => Math.min(60_000, 1000 * 2 ** (attempt - 1));

type Checked<D extends AnyEvent> = { msg: JsMsg; envelope: EventOf<D> };

/**
 * A durable pull consumer with an inbox. Each event is applied in one DB transaction that
 * first records (consumer, event id) in the inbox; a redelivery finds the row and skips the
 * handler, so JetStream's at-least-once delivery has an exactly-once effect per consumer.
 * An event that can never be applied (not an envelope, or data failing its class) is published
 * to the dead-letter subject with its reason and then acked; it never reaches the handler.
 */
export class EventConsumer<D extends AnyEvent> {
  /** JetStream durable name: prefix token + service + purpose, e.g. `T42_wallet-credit-on-payment`. */
  readonly durableName: string;
  /** Inbox key; prefix-free so it is stable across NATS_PREFIX changes. */
  readonly inboxName: string;
  private readonly logger: LoggerService;
  private readonly byType: Map<string, D>;
  private readonly streamName: string;
  private conn?: OwnedConnection;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopping = new Latch();
  private stopped = false;

  constructor(private readonly opts: EventConsumerOptions<D>) {
    quoteSchema(opts.schema);
    if (opts.events.length === 0) throw new Error('EventConsumer needs at least one event');
    if (!opts.handler === !opts.batch) throw new Error('EventConsumer needs exactly one of handler and batch');
    this.byType = new Map(opts.events.map((e) => [e.type, e]));
    this.inboxName = `${opts.service}-${opts.purpose}`;
    this.durableName = `${natsNameToken(opts.natsPrefix)}${this.inboxName}`.replace(/[^A-Za-z0-9_-]/g, '_');
    this.streamName = eventsStreamName(opts.natsPrefix);
    this.logger = opts.logger ?? new Logger('EventConsumer');
  }

  async start(): Promise<void> {
    if (this.loop) return;
    this.conn = await acquireConnection(this.opts.nats, this.durableName);
    const nc = this.conn.nc;
    // Waits out a broker outage at start instead of failing the service's boot.
    await retryWhileBrokerDown(
      `consumer ${this.durableName}`,
      async () => {
        const jsm = await nc.jetstreamManager();
        if (this.opts.ensureStream !== false) await ensureEventsStream(nc, { natsPrefix: this.opts.natsPrefix });
        await this.bindDurable(jsm);
      },
      this.logger,
    );
    this.stopped = false;
    this.stopping = new Latch();
    this.loop = this.run();
  }

  /** Stops pulling, lets the event (or batch) in hand finish (commit + ack), then returns. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.stopped = true;
    this.stopping.fire();
    await this.messages?.close();
    await this.loop;
    this.loop = undefined;
    await this.conn?.release();
    this.conn = undefined;
  }

  private async bindDurable(jsm: JetStreamManager): Promise<void> {
    const types = this.opts.filterType ? [this.opts.filterType] : [...this.byType.keys()];
    const subjects = types.map((type) => eventSubject(type, this.opts.natsPrefix));
    // filter_subjects (several) needs nats-server ≥ 2.10; one subject works everywhere.
    const filter: Partial<ConsumerConfig> =
      subjects.length === 1 ? { filter_subject: subjects[0] } : { filter_subjects: subjects };
    const tunable: Partial<ConsumerConfig> = {
      ack_wait: nanos(this.opts.ackWaitMs ?? 30_000),
      max_deliver: this.opts.maxDeliver ?? -1,
      max_ack_pending: this.opts.maxAckPending ?? 1000,
      ...filter,
    };
    const stream = this.streamName;
    const existing = await jsm.consumers.info(stream, this.durableName).catch(() => undefined);
    if (existing) {
      await jsm.consumers.update(stream, this.durableName, tunable);
      return;
    }
    try {
      await jsm.consumers.add(stream, {
        durable_name: this.durableName,
        ack_policy: AckPolicy.Explicit,
        deliver_policy: DeliverPolicy.All,
        ...tunable,
      });
    } catch (err) {
      // A replica created it concurrently: fine, it is the same durable.
      if (!(await jsm.consumers.info(stream, this.durableName).catch(() => undefined))) throw err;
    }
  }

  private async run(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      try {
        const consumer = await this.conn!.nc.jetstream().consumers.get(this.streamName, this.durableName);
        const messages = await consumer.consume({ max_messages: this.opts.maxMessages ?? 16 });
        this.messages = messages;
        if (this.stopped) await messages.close();
        const batch = this.opts.batch;
        let pending: JsMsg[] = [];
        let lingered = false;
        for await (const msg of messages) {
          if (!batch) await this.handleOne(msg);
          else {
            pending.push(msg);
            // Flush when full or when no other message has reached this client yet: a partial batch
            // never waits for messages still on the server (with several pullers or replicas they
            // may go to another one). Whatever arrived while the previous batch was being applied
            // joins this one, so batches grow with the load. (Not the server's `info.pending`: once
            // the messages were pushed to this client's pull it is 0, and a backlog held here went
            // out one event per transaction.) Received − processed counts messages only; the
            // iterator's getPending() also counts its queued pull requests.
            const inHand = messages.getReceived() - messages.getProcessed(); // after this message
            if (pending.length < batch.maxEvents && inHand <= 0 && batch.lingerMs && !lingered) {
              // Once per batch, a short wait for the next events under load (see `lingerMs`).
              lingered = true;
              await sleep(batch.lingerMs, this.stopping);
              if (messages.getReceived() - messages.getProcessed() > 0) continue;
            }
            if (pending.length >= batch.maxEvents || inHand <= 0) {
              await this.handleBatch(pending);
              pending = [];
              lingered = false;
            }
          }
          failures = 0;
        }
        if (pending.length > 0) await this.handleBatch(pending);
      } catch (err) {
        if (this.stopped) break;
        failures++;
        const delay = Math.min(30_000, 500 * 2 ** Math.min(failures - 1, 6));
        this.logger.warn(
          { msg: 'event consumer stream failed; rebinding', consumer: this.durableName, error: errorMessage(err) },
          'EventConsumer',
        );
        await sleep(delay, this.stopping);
      }
    }
  }

  /**
   * The envelope, validated against its declared class; or undefined once the message was dealt
   * with here (dead-lettered, or a type this consumer does not apply, acked).
   */
  private async check(msg: JsMsg): Promise<EventOf<D> | undefined> {
    let envelope: EventEnvelope;
    try {
      envelope = parseEnvelope(msg.data);
    } catch (err) {
      await this.deadLetter(msg, err instanceof MalformedEventError ? err.message : errorMessage(err));
      return undefined;
    }
    const event = this.byType.get(envelope.type);
    if (!event) {
      // Caught by a wildcard filter, not one of ours (a newer event of the publisher): nothing to apply.
      this.logger.debug?.(
        { msg: 'event of another type skipped', consumer: this.durableName, type: envelope.type },
        'EventConsumer',
      );
      msg.ack();
      return undefined;
    }
    if (this.opts.appliesTo && !this.opts.appliesTo(envelope)) {
      msg.ack();
      return undefined;
    }
    const problem = await eventDataProblem(event, envelope.data);
    if (problem !== undefined) {
      await this.deadLetter(msg, `${envelope.type} data: ${problem}`, envelope.id);
      return undefined;
    }
    return envelope as EventOf<D>;
  }

  /**
   * Parks a message that can never be applied on `<prefix>dlq.<subject>` (the events stream keeps
   * it, its reason in the headers), then acks it. If the dead letter cannot be published the
   * message is nak'ed and comes back: it is never acked without leaving a trace.
   */
  private async deadLetter(msg: JsMsg, reason: string, eventId?: string): Promise<void> {
    const subject = deadLetterSubject(msg.subject, this.opts.natsPrefix);
    const h = headers();
    h.set(DLQ_HEADERS.reason, reason.replace(/[\r\n]+/g, ' ').slice(0, 1000));
    h.set(DLQ_HEADERS.consumer, this.durableName);
    h.set(DLQ_HEADERS.subject, msg.subject);
    h.set(DLQ_HEADERS.streamSeq, String(msg.seq));
    try {
      await this.conn!.nc.jetstream().publish(subject, msg.data, {
        headers: h,
        msgID: `dlq-${this.durableName}-${msg.seq}`,
        timeout: 5000,
      });
    } catch (err) {
      this.logger.error(
        { msg: 'dead letter not published; will redeliver', consumer: this.durableName, error: errorMessage(err) },
        undefined,
        'EventConsumer',
      );
      msg.nak(5000);
      return;
    }
    this.logger.error(
      { msg: 'event dead-lettered', consumer: this.durableName, subject: msg.subject, seq: msg.seq, eventId, reason },
      undefined,
      'EventConsumer',
    );
    msg.ack();
  }

  private async handleOne(msg: JsMsg): Promise<void> {
    const envelope = await this.check(msg);
    if (!envelope) return;
    // The event id stands in for a request id, so the handler's log lines can be correlated; the
    // consumer span continues the trace of the request that appended the event (its traceparent header).
    const span = startSpan(`${envelope.type} process`, SpanKind.CONSUMER, {
      parent: traceOf(msg) ?? null,
      attributes: this.spanAttributes(msg, envelope.id),
    });
    await requestContext.run({ requestId: envelope.id }, () =>
      span.run(async () => {
        try {
          const applied = await this.applyOne(envelope);
          msg.ack();
          if (!applied)
            this.logger.debug?.(
              { msg: 'duplicate event skipped', consumer: this.durableName, eventId: envelope.id },
              'EventConsumer',
            );
        } catch (err) {
          const attempt = msg.info.redeliveryCount;
          const delay = (this.opts.retryDelayMs ?? defaultRetryDelay)(attempt);
          this.logger.error(
            {
              msg: 'event handler failed; will redeliver',
              consumer: this.durableName,
              eventId: envelope.id,
              type: envelope.type,
              attempt,
              delayMs: delay,
              error: errorMessage(err),
            },
            err instanceof Error ? err.stack : undefined,
            'EventConsumer',
          );
          span.fail(errorMessage(err));
          msg.nak(delay);
        } finally {
          span.end();
        }
      }),
    );
  }

  private spanAttributes(msg: JsMsg, eventId?: string): Record<string, string | number> {
    const attrs: Record<string, string | number> = {
      'messaging.system': 'nats',
      'messaging.destination.name': msg.subject,
      'messaging.consumer.group.name': this.durableName,
    };
    if (eventId) attrs['messaging.message.id'] = eventId;
    return attrs;
  }

  private async handleBatch(msgs: JsMsg[]): Promise<void> {
    const checked: Checked<D>[] = [];
    for (const msg of msgs) {
      const envelope = await this.check(msg);
      if (envelope) checked.push({ msg, envelope });
    }
    if (checked.length === 0) return;
    // One span per batch: its parent is the first traced event's span, the others are links.
    const traces = checked.map((c) => traceOf(c.msg)).filter((t): t is SpanContext => t !== undefined);
    const span = startSpan(`${this.inboxName} process batch`, SpanKind.CONSUMER, {
      parent: traces[0] ?? null,
      links: traces.slice(1),
      attributes: { ...this.spanAttributes(checked[0].msg), 'messaging.batch.message_count': checked.length },
    });
    try {
      await span.run(() => this.applyBatch(checked.map((c) => c.envelope)));
      for (const c of checked) c.msg.ack();
    } catch (err) {
      span.fail(errorMessage(err));
      const attempt = checked[0].msg.info.redeliveryCount;
      const delay = (this.opts.retryDelayMs ?? defaultRetryDelay)(attempt);
      this.logger.error(
        {
          msg: 'event batch failed; will redeliver',
          consumer: this.durableName,
          events: checked.length,
          delayMs: delay,
          error: errorMessage(err),
        },
        err instanceof Error ? err.stack : undefined,
        'EventConsumer',
      );
      for (const c of checked) c.msg.nak(delay);
    } finally {
      span.end();
    }
  }

  /** Inbox insert and handler in one transaction; false when this consumer already applied the event. */
  private async applyOne(envelope: EventOf<D>): Promise<boolean> {
    return this.opts.dataSource.transaction(async (em) => {
      const inserted = (await em.query(
        `INSERT INTO ${quoteSchema(this.opts.schema)}.inbox (consumer, event_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.inboxName, envelope.id],
      )) as unknown[];
      if (inserted.length === 0) return false;
      await this.opts.handler!(envelope, em);
      return true;
    });
  }

  /** The batch's inbox rows, then the handler with the events not applied before (each id once), in one transaction. */
  private async applyBatch(envelopes: EventOf<D>[]): Promise<void> {
    await this.opts.dataSource.transaction(async (em) => {
      const fresh = (await em.query(
        `INSERT INTO ${quoteSchema(this.opts.schema)}.inbox (consumer, event_id) SELECT $1, unnest($2::uuid[])
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.inboxName, [...new Set(envelopes.map((e) => e.id))]],
      )) as { event_id: string }[];
      const isFresh = new Set(fresh.map((r) => r.event_id));
      const todo = envelopes.filter((e) => isFresh.delete(e.id));
      if (todo.length > 0) await this.opts.batch!.handler(todo, em);
    });
  }
}
