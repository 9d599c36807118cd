import { MigrationInterface, QueryRunner } from 'typeorm';

export class IdentityInit1764201600000 implements MigrationInterface {
  name = 'IdentityInit1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        parent_account_id uuid REFERENCES identity.accounts(id),
        company text,
        billing_first_name text,
        billing_last_name text,
        billing_address text,
        billing_postal_code text,
        billing_city text,
        billing_country char(2),
        billing_vat_number text,
        default_sender text,
        language text NOT NULL DEFAULT 'it' CHECK (language IN ('it', 'en')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE identity.users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES identity.accounts(id),
        role text NOT NULL CHECK (role IN ('owner', 'manager')),
        email text NOT NULL,
        first_name text NOT NULL,
        last_name text NOT NULL,
        phone text,
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Logins are unique case-insensitively: the index, not a read-then-insert, enforces it.
    await q.query(`CREATE UNIQUE INDEX users_email_lower_key ON identity.users (lower(email))`);
    await q.query(`CREATE INDEX users_account_id_idx ON identity.users (account_id)`);
    await q.query(`
      CREATE TABLE identity.refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES identity.users(id) ON DELETE CASCADE,
        family_id uuid NOT NULL,
        token_hash bytea NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX refresh_tokens_hash_key ON identity.refresh_tokens (token_hash)`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON identity.refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_user_idx ON identity.refresh_tokens (user_id) WHERE revoked_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.refresh_tokens`);
    await q.query(`DROP TABLE identity.users`);
    await q.query(`DROP TABLE identity.accounts`);
  }
}
