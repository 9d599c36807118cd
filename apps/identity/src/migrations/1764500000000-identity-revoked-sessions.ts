import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions revoked by a sub-account's deactivation. Access tokens are verified by the
 * gateways without asking identity, so they keep a copy of this list (loaded at start,
 * then fed by a broadcast) until each session's last access token has expired.
 */
export class IdentityRevokedSessions1764500000000 implements MigrationInterface {
  name = 'IdentityRevokedSessions1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.revoked_sessions (
        session_id uuid PRIMARY KEY,
        user_id uuid NOT NULL,
        revoked_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX revoked_sessions_expires_idx ON identity.revoked_sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.revoked_sessions`);
  }
}
