import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Receipts that could not be applied yet, kept until they can be: a final receipt for a carrier id
 * no tracked message has (it overtook its submit's record, or reached a process restarted before
 * the message was handed back to its carrier), or one part of a multipart message whose other
 * parts are not final. The SMSC is answered only once the row is committed (at-least-once); the
 * row goes in the transaction that records the message's final status, or expires (orphan).
 */
export class MessagingPendingReceipts1765300000000 implements MigrationInterface {
  name = 'MessagingPendingReceipts1765300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging.pending_receipts (
        carrier_message_id text PRIMARY KEY,
        state text NOT NULL,
        err text NOT NULL,
        received_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX pending_receipts_received_idx ON messaging.pending_receipts (received_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE messaging.pending_receipts`);
  }
}
