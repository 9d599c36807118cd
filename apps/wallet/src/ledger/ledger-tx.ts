import { Inject, Injectable } from '@nestjs/common';
import { EventPublisher } from '@sms/events';
import type { PoolClient } from 'pg';
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

  /**
   * One statement in its own implicit transaction (no BEGIN/COMMIT round trips), for hot
   * paths written as a single statement, their outbox rows included. It is a named prepared
   * statement on a connection of TypeORM's own pool, checked out through a QueryRunner (public
   * API, no reach into the driver): each connection parses and plans it once, not per call
   * (planning the reserve statement takes over half the CPU of running it). Call
   * `committed()` afterwards when it wrote events. Errors are the driver's (`code`, `constraint`).
   */
  async statement<T>(name: string, sql: string, params: unknown[]): Promise<T[]> {
    const runner = this.ds.createQueryRunner();
    try {
      const client = (await runner.connect()) as PoolClient;
      const result = await client.query({ name, text: sql, values: params });
      return result.rows as T[];
    } finally {
      await runner.release();
    }
  }

  /** Wakes the relay after an auto-committed statement appended events. */
  committed(): void {
    this.events.notifyCommitted();
  }
}
