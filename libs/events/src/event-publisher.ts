import { EventDescriptor } from '@sms/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { createEnvelope, CreateEnvelopeOptions, EventEnvelope, eventSubject } from './event-envelope';
import { appendManyToOutbox, appendToOutbox, OutboxRow, outboxRow } from './outbox';
import { OutboxRelay } from './outbox-relay';

export type Emit = <T extends object>(
  event: EventDescriptor<T>,
  data: T,
  opts?: CreateEnvelopeOptions,
) => Promise<EventEnvelope<T>>;

/** One event of a bulk append. */
export interface PendingEvent<T extends object> extends CreateEnvelopeOptions {
  data: T;
}

export interface EventPublisherOptions {
  /** The service's schema (holds its outbox). */
  schema: string;
  /** Transport prefix (the service's NATS_PREFIX) of the subjects the relay publishes on. */
  natsPrefix: string;
}

/**
 * The service-facing side of the outbox. Events are only ever written inside the caller's
 * transaction, each declared in libs/contracts (`WalletEvents.balanceChanged`: the data is
 * type-checked against its class); the relay is nudged after commit so publishing does not
 * wait for the poll.
 */
export class EventPublisher {
  constructor(
    private readonly dataSource: DataSource,
    private readonly opts: EventPublisherOptions,
    private readonly relay?: OutboxRelay,
  ) {}

  /** Appends an event in `em`'s transaction. Call `notifyCommitted()` after the commit (or use `transaction`). */
  async append<T extends object>(
    em: EntityManager,
    event: EventDescriptor<T>,
    data: T,
    opts?: CreateEnvelopeOptions,
  ): Promise<EventEnvelope<T>> {
    const envelope = createEnvelope(event, data, opts);
    await appendToOutbox(em, this.opts.schema, envelope, this.opts.natsPrefix);
    return envelope;
  }

  /** Many events of one kind in one statement (a campaign's messages), in `em`'s transaction. */
  async appendMany<T extends object>(
    em: EntityManager,
    event: EventDescriptor<T>,
    events: PendingEvent<T>[],
  ): Promise<EventEnvelope<T>[]> {
    const envelopes = events.map(({ data, ...opts }) => createEnvelope(event, data, opts));
    await appendManyToOutbox(em, this.opts.schema, envelopes, this.opts.natsPrefix);
    return envelopes;
  }

  /**
   * The outbox row of an event, for a statement that writes it itself beside the state change
   * (`INSERT INTO <schema>.outbox (id, type, subject, payload) …` in a CTE): the same row `append` writes.
   */
  outboxRow<T extends object>(event: EventDescriptor<T>, data: T, opts?: CreateEnvelopeOptions): OutboxRow {
    return outboxRow(createEnvelope(event, data, opts), this.opts.natsPrefix);
  }

  /** The subject the relay publishes `event` on (for a statement that fills the outbox's subject column). */
  subjectOf(event: EventDescriptor<object>): string {
    return eventSubject(event.type, this.opts.natsPrefix);
  }

  notifyCommitted(): void {
    this.relay?.notify();
  }

  /** Runs `work` in a transaction with an `emit` bound to it, and wakes the relay once it committed. */
  async transaction<R>(work: (em: EntityManager, emit: Emit) => Promise<R>): Promise<R> {
    let emitted = false;
    const result = await this.dataSource.transaction((em) =>
      work(em, (event, data, opts) => {
        emitted = true;
        return this.append(em, event, data, opts);
      }),
    );
    if (emitted) this.notifyCommitted();
    return result;
  }
}
