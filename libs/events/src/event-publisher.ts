import { DataSource, EntityManager } from 'typeorm';
import { createEnvelope, CreateEnvelopeOptions, EventEnvelope } from './event-envelope';
import { appendToOutbox } from './outbox';
import { OutboxRelay } from './outbox-relay';

export type Emit = <T>(type: string, data: T, opts?: CreateEnvelopeOptions) => Promise<EventEnvelope<T>>;

/**
 * The service-facing side of the outbox. Events are only ever written inside the caller's
 * transaction; the relay is nudged after commit so publishing does not wait for the poll.
 */
export class EventPublisher {
  constructor(
    private readonly dataSource: DataSource,
    private readonly schema: string,
    private readonly relay?: OutboxRelay,
  ) {}

  /** Appends an event in `em`'s transaction. Call `notifyCommitted()` after the commit (or use `transaction`). */
  async append<T>(em: EntityManager, type: string, data: T, opts?: CreateEnvelopeOptions): Promise<EventEnvelope<T>> {
    const envelope = createEnvelope(type, data, opts);
    await appendToOutbox(em, this.schema, envelope);
    return envelope;
  }

  notifyCommitted(): void {
    this.relay?.notify();
  }

  /** Runs `work` in a transaction with an `emit` bound to it, and wakes the relay once it committed. */
  async transaction<R>(work: (em: EntityManager, emit: Emit) => Promise<R>): Promise<R> {
    let emitted = false;
    const result = await this.dataSource.transaction((em) =>
      work(em, (type, data, opts) => {
        emitted = true;
        return this.append(em, type, data, opts);
      }),
    );
    if (emitted) this.notifyCommitted();
    return result;
  }
}
