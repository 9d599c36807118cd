import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Scoped API keys. Only the SHA-256 of each secret is kept (the secret is 32 random bytes,
 * so a fast hash cannot be brute-forced, and the gateway can look it up by hash).
 * `account_id` is the owner account; `sub_account_id` the sub-account the key acts as. A
 * sub-account undone by the wallet's compensation takes its keys with it (ON DELETE CASCADE).
 */
export class IdentityApiKeys1764700000000 implements MigrationInterface {
  name = 'IdentityApiKeys1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE identity.api_keys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES identity.accounts(id),
        sub_account_id uuid REFERENCES identity.accounts(id) ON DELETE CASCADE,
        created_by uuid NOT NULL REFERENCES identity.users(id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        prefix text NOT NULL,
        secret_hash text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
        scopes text[] NOT NULL CHECK (cardinality(scopes) > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        expires_at timestamptz,
        revoked_at timestamptz,
        CONSTRAINT api_keys_secret_hash_key UNIQUE (secret_hash),
        CONSTRAINT api_keys_not_self_bound CHECK (sub_account_id IS DISTINCT FROM account_id)
      )`);
    await q.query(`CREATE INDEX api_keys_account_idx ON identity.api_keys (account_id, created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX api_keys_sub_account_idx ON identity.api_keys (sub_account_id) WHERE sub_account_id IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE identity.api_keys`);
  }
}
