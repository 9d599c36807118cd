import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { MessageStatusChangedData, MessageSubmittedData, MessagingEvents } from '@sms/contracts';
import {
  ensureEventsStream,
  EVENTS_NATS,
  EventEnvelope,
  eventSubject,
  eventsStreamName,
  MalformedEventError,
  natsNameToken,
  parseEnvelope,
  retryWhileBrokerDown,
} from '@sms/events';
import { AckPolicy, ConsumerMessages, DeliverPolicy, JsMsg, nanos, NatsConnection } from 'nats';
import { DataSource } from 'typeorm';
import { MessageProjection } from './message.projection';
import { UsageRollup } from './usage-rollup';

const INBOX_NAME = 'reporting-history';
const MAX_BATCH = 500;
const RETRY_DELAY_MS = 1000;

/**
 * The durable JetStream consumer feeding the history read model, in batches: the events at
 * hand (up to 500) are applied in one transaction that first records their ids in the inbox
 * (`ON CONFLICT DO NOTHING`), applies only the new ones, and commits before the acks — the
 * same exactly-once effect as @sms/events' EventConsumer, with a transaction per batch instead
 * of per event (a sent message is three events). A failing batch is nak'ed and redelivered.
 */
@Injectable()
export class HistoryEventsConsumer implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HistoryEventsConsumer.name);
  private readonly durable = `${natsNameToken()}${INBOX_NAME}`.replace(/[^A-Za-z0-9_-]/g, '_');
  private messages?: ConsumerMessages;
  private loop?: Promise<void>;
  private stopped = false;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(EVENTS_NATS) private readonly nc: NatsConnection,
    private readonly projection: MessageProjection,
    private readonly rollup: UsageRollup,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Waits out a broker outage at start instead of exiting.
    await retryWhileBrokerDown('history consumer', () => this.bindDurable(), this.logger);
    this.loop = this.run();
  }

  private async bindDurable(): Promise<void> {
    const jsm = await this.nc.jetstreamManager();
    await ensureEventsStream(this.nc);
    // One wildcard subject rather than two types: filter_subjects needs nats-server 2.10+.
    const config = {
      filter_subject: eventSubject('messaging.message.>'),
      ack_wait: nanos(30_000),
      max_deliver: -1,
      max_ack_pending: 5000,
    };
    const exists = await jsm.consumers.info(eventsStreamName(), this.durable).catch(() => undefined);
    if (exists) await jsm.consumers.update(eventsStreamName(), this.durable, config);
    else {
      await jsm.consumers
        .add(eventsStreamName(), {
          durable_name: this.durable,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.All,
          ...config,
        })
        .catch(async (err: unknown) => {
          if (!(await jsm.consumers.info(eventsStreamName(), this.durable).catch(() => undefined))) throw err;
        });
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    await this.messages?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        const consumer = await this.nc.jetstream().consumers.get(eventsStreamName(), this.durable);
        this.messages = await consumer.consume({ max_messages: 1000 });
        let batch: JsMsg[] = [];
        for await (const msg of this.messages) {
          batch.push(msg);
          // Flush when full, or when nothing more is waiting on the server.
          if (batch.length >= MAX_BATCH || msg.info.pending === 0) {
            await this.handle(batch);
            batch = [];
          }
        }
        if (batch.length > 0) await this.handle(batch);
      } catch (err) {
        if (this.stopped) break;
        this.logger.warn({ msg: 'history consumer failed; rebinding', error: String(err) });
        await new Promise((r) => setTimeout(r, RETRY_DELAY_MS));
      }
    }
  }

  private async handle(msgs: JsMsg[]): Promise<void> {
    const envelopes: { msg: JsMsg; envelope: EventEnvelope }[] = [];
    for (const msg of msgs) {
      try {
        envelopes.push({ msg, envelope: parseEnvelope(msg.data) });
      } catch (err) {
        const reason = err instanceof MalformedEventError ? err.message : String(err);
        this.logger.error({ msg: 'malformed event terminated', subject: msg.subject, seq: msg.seq, reason });
        msg.term();
      }
    }
    if (envelopes.length === 0) return;
    try {
      await this.apply(envelopes.map((e) => e.envelope));
      for (const e of envelopes) e.msg.ack();
    } catch (err) {
      this.logger.error({ msg: 'history batch failed; will redeliver', events: envelopes.length, error: String(err) });
      for (const e of envelopes) e.msg.nak(RETRY_DELAY_MS);
    }
  }

  /** Inbox rows and effects of one batch, in one transaction. */
  private apply(envelopes: EventEnvelope[]): Promise<void> {
    return this.ds.transaction(async (em) => {
      const fresh: { event_id: string }[] = await em.query(
        `INSERT INTO reporting.inbox (consumer, event_id) SELECT $1, unnest($2::uuid[])
         ON CONFLICT DO NOTHING RETURNING event_id`,
        [INBOX_NAME, [...new Set(envelopes.map((e) => e.id))]],
      );
      const isFresh = new Set(fresh.map((r) => r.event_id));
      const todo = envelopes.filter((e) => isFresh.delete(e.id)); // each id once
      // The rollups follow the rows' transitions (before → after), so they count each message once.
      const ids = [...new Set(todo.map((e) => (e.data as { messageId: string }).messageId))];
      const before = await this.rollup.lockAndRead(em, ids);
      await this.projection.submittedMany(
        em,
        todo.filter((e) => e.type === MessagingEvents.messageSubmitted).map((e) => e.data as MessageSubmittedData),
      );
      await this.projection.statusChangedMany(
        em,
        todo
          .filter((e) => e.type === MessagingEvents.messageStatusChanged)
          .map((e) => e.data as MessageStatusChangedData),
      );
      await this.rollup.apply(em, before, await this.rollup.read(em, ids));
    });
  }
}
