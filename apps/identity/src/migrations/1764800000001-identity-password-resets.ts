import { MigrationInterface, QueryRunner } from 'typeorm';

/** Password-reset tokens: only their SHA-256 is stored; single use (`used_at`), one hour. */
export class IdentityPasswordResets1764800000001 implements MigrationInterface {
  name = 'IdentityPasswordResets1764800000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.password_resets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES identity.users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX password_resets_user_idx ON identity.password_resets (user_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.password_resets`);
  }
}
