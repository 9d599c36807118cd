import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C `traceparent` of the span that appended each outbox row (libs/events): the relay sends
 * it in the JetStream message's headers so consumers continue the trace. Nullable: rows written
 * outside any trace, and those written before this migration, have none.
 */
export class MessagingOutboxTraceparent1765400000000 implements MigrationInterface {
  name = 'MessagingOutboxTraceparent1765400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messaging.outbox ADD COLUMN traceparent text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messaging.outbox DROP COLUMN traceparent`);
  }
}
