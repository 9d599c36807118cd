import { MigrationInterface, QueryRunner } from 'typeorm';

/** `blocked`: a final status (the recipient is on the account's opt-out list; never sent, never charged). */
export class ReportingBlockedStatus1765100000010 implements MigrationInterface {
  name = 'ReportingBlockedStatus1765100000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reporting.messages DROP CONSTRAINT messages_status_check`);
    await q.query(
      `ALTER TABLE reporting.messages ADD CONSTRAINT messages_status_check
         CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'expired', 'cancelled', 'blocked'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reporting.messages DROP CONSTRAINT messages_status_check`);
    await q.query(
      `ALTER TABLE reporting.messages ADD CONSTRAINT messages_status_check
         CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'expired', 'cancelled'))`,
    );
  }
}
