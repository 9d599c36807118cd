import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A reservation is asked of the wallet before its campaign can be stored. The intent,
 * written first, is what lets a sweeper give the credits back when the campaign never
 * got stored (a timeout after the wallet committed, or a crash in between).
 */
export class MessagingReservationIntents1764700000000 implements MigrationInterface {
  name = 'MessagingReservationIntents1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging.reservation_intents (
        campaign_id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        credits int NOT NULL CHECK (credits > 0),
        messages int NOT NULL CHECK (messages > 0),
        state text NOT NULL CHECK (state IN ('reserving', 'stored', 'cancelled')),
        not_after timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX reservation_intents_open_idx ON messaging.reservation_intents (not_after) WHERE state = 'reserving'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE messaging.reservation_intents`);
  }
}
