import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit log: one hash chain per owner account. `seq` numbers an account's entries without
 * gaps (1, 2, ...) and `prev_hash` is the hash of entry seq-1, so a deleted, inserted or edited
 * row breaks the chain at a known place (audit/audit-hash.ts says what is hashed).
 */
export class ReportingAuditLog1764913000001 implements MigrationInterface {
  name = 'ReportingAuditLog1764913000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE reporting.audit_log (
        id uuid PRIMARY KEY,
        account_id uuid NOT NULL,
        seq bigint NOT NULL CHECK (seq >= 1),
        at timestamptz NOT NULL,
        actor_user_id uuid NOT NULL,
        actor_role text NOT NULL,
        actor_account_id uuid NOT NULL,
        action text NOT NULL,
        target_type text NOT NULL,
        target_id text NOT NULL,
        sub_account_id uuid,
        changes jsonb,
        request_id text NOT NULL,
        ip text NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        UNIQUE (account_id, seq)
      )`);
    // Lists: one account, newest first, keyset on seq; a manager's view adds its sub-account.
    await q.query(`CREATE INDEX audit_log_sub_account_idx ON reporting.audit_log (account_id, sub_account_id, seq)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE reporting.audit_log`);
  }
}
