import { MigrationInterface, QueryRunner } from 'typeorm';

/** `cancelled`: a final status (campaign deleted or sub-account deactivated before sending). */
export class ReportingCancelledStatus1764900000010 implements MigrationInterface {
  name = 'ReportingCancelledStatus1764900000010';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reporting.messages DROP CONSTRAINT messages_status_check`);
    await q.query(
      `ALTER TABLE reporting.messages ADD CONSTRAINT messages_status_check
         CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'expired', 'cancelled'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reporting.messages DROP CONSTRAINT messages_status_check`);
    await q.query(
      `ALTER TABLE reporting.messages ADD CONSTRAINT messages_status_check
         CHECK (status IN ('queued', 'sent', 'delivered', 'failed', 'expired'))`,
    );
  }
}
