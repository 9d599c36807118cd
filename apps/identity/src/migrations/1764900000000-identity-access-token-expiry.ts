import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The `exp` of the access token issued with each refresh token: a revoked session stays on
 * the gateways' list exactly until its last access token expires (older rows: NULL, the
 * revoker falls back to creation time plus the configured TTL).
 */
export class IdentityAccessTokenExpiry1764900000000 implements MigrationInterface {
  name = 'IdentityAccessTokenExpiry1764900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.refresh_tokens ADD COLUMN access_expires_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE identity.refresh_tokens DROP COLUMN access_expires_at`);
  }
}
