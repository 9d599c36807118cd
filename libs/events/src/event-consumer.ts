import { Logger, LoggerService } from '@nestjs/common';
import { requestContext } from '@sms/logging';
import { AckPolicy, ConsumerConfig, ConsumerMessages, DeliverPolicy, JetStreamManager, JsMsg, nanos } from 'nats';
import { DataSource, EntityManager } from 'typeorm';
import { ensureEventsStream } from './ensure-events-stream';
import {
  EventEnvelope,
  eventSubject,
  eventsStreamName,
  MalformedEventError,
  natsNameToken,
  parseEnvelope,
} from './event-envelope';
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

export type EventHandler<T = unknown> = (envelope: EventEnvelope<T>, em: EntityManager) => Promise<void>;

export interface EventConsumerOptions<T = unknown> {
  dataSource: DataSource;
  /** The consuming service's schema, holding its inbox table. */
  schema: string;
  nats: NatsSource;
  service: string;
  /** What this consumer does, e.g. `credit-on-payment`; with `service` it names the durable. */
  purpose: string;
  /** Event types (`wallet.balance.changed.v1`, or wildcards like `wallet.>`) to receive. */
  eventTypes: string[];
  handler: EventHandler<T>;
  logger?: LoggerService;
  ackWaitMs?: number;
  /** -1 (default) = redeliver until applied: a lost event is worse than a stuck one, which is logged. */
  maxDeliver?: number;
  /** Delay before redelivery after a handler failure; `attempt` starts at 1. */
  retryDelayMs?: (attempt: number) => number;
  /** Pull batch size; messages are still handled one at a time, in order. */
  maxMessages?: number;
  ensureStream?: boolean;
}

const defaultRetryDelay = (attempt: number): number => Math.min(60_000, 1000 * 2 ** (attempt - 1));

/**
 * A durable pull consumer with an inbox. Each event is applied in one DB transaction that
 * first records (consumer, event id) in the inbox; a redelivery finds the row and skips the
 * handler, so JetStream's at-least-once delivery has an exactly-once effect per consumer.
 */
export class EventConsumer<T = unknown> {
  /** JetStream durable name: prefix token + service + purpose, e.g. `T42_wallet-credit-on-payment`. */
  readonly durableName: string;
  /** Inbox key; prefix-free so it is stable across NATS_PREFIX changes. */
  readonly inboxName: string;
  private readonly logger: LoggerService;
  private conn?: OwnedConnection;
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopping = new Latch();
  private stopped = false;

  constructor(private readonly opts: EventConsumerOptions<T>) {
    quoteSchema(opts.schema);
    if (opts.eventTypes.length === 0) throw new Error('EventConsumer needs at least one event type');
    this.inboxName = `${opts.service}-${opts.purpose}`;
    this.durableName = `${natsNameToken()}${this.inboxName}`.replace(/[^A-Za-z0-9_-]/g, '_');
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
        if (this.opts.ensureStream !== false) await ensureEventsStream(nc);
        await this.bindDurable(jsm);
      },
      this.logger,
    );
    this.stopped = false;
    this.stopping = new Latch();
    this.loop = this.run();
  }

  /** Stops pulling, lets the event in hand finish (commit + ack), then returns. */
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
    const subjects = this.opts.eventTypes.map((type) => eventSubject(type));
    // filter_subjects (several) needs nats-server ≥ 2.10; one subject works everywhere.
    const filter: Partial<ConsumerConfig> =
      subjects.length === 1 ? { filter_subject: subjects[0] } : { filter_subjects: subjects };
    const tunable: Partial<ConsumerConfig> = {
      ack_wait: nanos(this.opts.ackWaitMs ?? 30_000),
      max_deliver: this.opts.maxDeliver ?? -1,
      max_ack_pending: 1000,
      ...filter,
    };
    const stream = eventsStreamName();
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
        const consumer = await this.conn!.nc.jetstream().consumers.get(eventsStreamName(), this.durableName);
        this.messages = await consumer.consume({ max_messages: this.opts.maxMessages ?? 16 });
        if (this.stopped) await this.messages.close();
        for await (const msg of this.messages) {
          await this.handle(msg);
          failures = 0;
        }
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

  private async handle(msg: JsMsg): Promise<void> {
    let envelope: EventEnvelope<T>;
    try {
      envelope = parseEnvelope(msg.data) as EventEnvelope<T>;
    } catch (err) {
      const reason = err instanceof MalformedEventError ? err.message : errorMessage(err);
      this.logger.error(
        { msg: 'malformed event terminated', consumer: this.durableName, subject: msg.subject, seq: msg.seq, reason },
        undefined,
        'EventConsumer',
      );
      // No reason argument: nats-server < 2.10 does not parse `+TERM <reason>` and leaves the message pending.
      msg.term();
      return;
    }
    // The event id stands in for a request id, so the handler's log lines can be correlated.
    await requestContext.run({ requestId: envelope.id }, async () => {
      try {
        const applied = await this.apply(envelope);
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
        msg.nak(delay);
      }
    });
  }

  /** Inbox insert and handler in one transaction; false when this consumer already applied the event. */
  private async apply(envelope: EventEnvelope<T>): Promise<boolean> {
    return this.opts.dataSource.transaction(async (em) => {
      const inserted = (await em.query(
        `INSERT INTO ${quoteSchema(this.opts.schema)}.inbox (consumer, event_id) VALUES ($1, $2)
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [this.inboxName, envelope.id],
      )) as unknown[];
      if (inserted.length === 0) return false;
      await this.opts.handler(envelope, em);
      return true;
    });
  }
}
