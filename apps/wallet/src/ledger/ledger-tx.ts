import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher } from '@sms/events';
import { DataSource, EntityManager } from 'typeorm';

/**
 * A wallet transaction: ledger writes and their outbox events commit together; the relay
 * is woken after the commit so events leave at once instead of at the next poll.
 */
@Injectable()
export class LedgerTx {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

  async run<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const result = await this.ds.transaction(work);
    this.events.notifyCommitted();
    return result;
  }
}
