import { MigrationInterface, QueryRunner } from 'typeorm';

/** The scan for accepted messages still waiting for their delivery report stays small. */
export class MessagingAwaitedReports1764700000001 implements MigrationInterface {
  name = 'MessagingAwaitedReports1764700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX messages_awaiting_report_idx ON messaging.messages (sent_at) WHERE status = 'sent'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX messaging.messages_awaiting_report_idx`);
  }
}
