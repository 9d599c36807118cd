import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each account's list of senders, and the codes that verify numeric ones. Default senders set
 * before this list existed are kept usable: each becomes an entry already verified (numbers) or
 * approved (names), noted as migrated, so no customer's sending stops at the upgrade; an
 * operator can still reject a migrated name (POST /admin/senders/{id}/reject).
 */
export class IdentitySenders1765000000000 implements MigrationInterface {
  name = 'IdentitySenders1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.senders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES identity.accounts(id) ON DELETE CASCADE,
        sender text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('numeric', 'alphanumeric')),
        status text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        decision_note text,
        CONSTRAINT senders_status_of_kind CHECK (
          (kind = 'numeric' AND status IN ('unverified', 'verified'))
          OR (kind = 'alphanumeric' AND status IN ('pending', 'approved', 'rejected'))),
        CONSTRAINT senders_account_sender_key UNIQUE (account_id, sender)
      )`);
    await q.query(`CREATE INDEX senders_account_list_idx ON identity.senders (account_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX senders_status_idx ON identity.senders (status, created_at DESC, id DESC)`);
    // Codes outlive their sender (no cascade from it): deleting and re-adding a number does not
    // reset the daily limits, which count these rows.
    await q.query(`
      CREATE TABLE identity.sender_codes (
        id uuid PRIMARY KEY,
        sender_id uuid NOT NULL,
        account_id uuid NOT NULL REFERENCES identity.accounts(id) ON DELETE CASCADE,
        recipient text NOT NULL,
        code_hash text NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        used_at timestamptz,
        expires_at timestamptz NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sender_codes_sender_idx ON identity.sender_codes (sender_id, created_at DESC)`);
    await q.query(`CREATE INDEX sender_codes_account_idx ON identity.sender_codes (account_id, created_at)`);
    await q.query(`CREATE INDEX sender_codes_recipient_idx ON identity.sender_codes (recipient, created_at)`);
    await q.query(`
      INSERT INTO identity.senders (account_id, sender, kind, status, decided_at, decision_note)
      SELECT id, default_sender,
             CASE WHEN default_sender ~ '^\\+[1-9][0-9]{6,14}$' THEN 'numeric' ELSE 'alphanumeric' END,
             CASE WHEN default_sender ~ '^\\+[1-9][0-9]{6,14}$' THEN 'verified' ELSE 'approved' END,
             now(), 'default sender set before sender verification (migrated)'
      FROM identity.accounts WHERE default_sender IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.sender_codes`);
    await q.query(`DROP TABLE identity.senders`);
  }
}
