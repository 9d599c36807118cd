import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * - `manager_contact_at`: when identity last changed the manager contact this copy reflects;
 *   events about it can arrive out of order, and only a newer one may overwrite the copy.
 * - `sms_sent`: messages of the sub-account the carrier accepted (messaging's `sent` events).
 */
export class SubAccountListFields1764800000000 implements MigrationInterface {
  name = 'SubAccountListFields1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wallet.sub_accounts ADD COLUMN manager_contact_at timestamptz`);
    await q.query(
      `ALTER TABLE wallet.sub_accounts ADD COLUMN sms_sent bigint NOT NULL DEFAULT 0 CHECK (sms_sent >= 0)`,
    );
    // Credits used per calendar month: the account's reservations by creation time.
    await q.query(`CREATE INDEX reservations_account_created_idx ON wallet.reservations (account_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX wallet.reservations_account_created_idx`);
    await q.query(`ALTER TABLE wallet.sub_accounts DROP COLUMN sms_sent`);
    await q.query(`ALTER TABLE wallet.sub_accounts DROP COLUMN manager_contact_at`);
  }
}
