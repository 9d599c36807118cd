import { createIdempotencyTableV1, dropIdempotencyTableV1 } from '@sms/database';
import { createOutboxTablesV1, dropOutboxTablesV1 } from '@sms/events';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The credit ledger: wallets with a non-negative stored balance, transfers (one per
 * movement, id = idempotency key) and their append-only double entries; reservations for
 * messaging; sub-accounts and the saga log of their creation.
 */
export class WalletLedger1764500000000 implements MigrationInterface {
  name = 'WalletLedger1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE wallet.wallets (
        account_id uuid PRIMARY KEY,
        balance bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT wallets_balance_non_negative CHECK (balance >= 0)
      )`);
    await q.query(`
      CREATE TABLE wallet.sub_accounts (
        id uuid PRIMARY KEY REFERENCES wallet.wallets(account_id),
        parent_account_id uuid NOT NULL REFERENCES wallet.wallets(account_id),
        name text NOT NULL,
        manager_user_id uuid NOT NULL,
        manager_first_name text NOT NULL,
        manager_last_name text NOT NULL,
        manager_email text NOT NULL,
        unlimited boolean NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sub_accounts_parent_idx ON wallet.sub_accounts (parent_account_id, created_at, id)`);

    // A side is a wallet or one of the system books, never both, never neither.
    await q.query(`
      CREATE TABLE wallet.transfers (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL UNIQUE,
        kind text NOT NULL CHECK (kind IN ('purchase','credit','initial-credit','reset','reserve','settle','refund')),
        from_account_id uuid REFERENCES wallet.wallets(account_id),
        from_book text CHECK (from_book IN ('purchases','reservations','consumed')),
        to_account_id uuid REFERENCES wallet.wallets(account_id),
        to_book text CHECK (to_book IN ('purchases','reservations','consumed')),
        credits bigint NOT NULL CHECK (credits > 0),
        content_hash text NOT NULL,
        owner_account_id uuid,
        sub_account_id uuid,
        reservation_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((from_account_id IS NULL) <> (from_book IS NULL)),
        CHECK ((to_account_id IS NULL) <> (to_book IS NULL))
      )`);
    // The transactions list: an owner's credits and resets, newest first, by sub-account.
    await q.query(`
      CREATE INDEX transfers_owner_list_idx ON wallet.transfers (owner_account_id, seq DESC)
      WHERE kind IN ('credit','initial-credit','reset')`);
    await q.query(`
      CREATE INDEX transfers_sub_list_idx ON wallet.transfers (sub_account_id, seq DESC)
      WHERE kind IN ('credit','initial-credit','reset')`);

    await q.query(`
      CREATE TABLE wallet.entries (
        id bigserial PRIMARY KEY,
        transfer_id uuid NOT NULL REFERENCES wallet.transfers(id),
        account_id uuid REFERENCES wallet.wallets(account_id),
        book text CHECK (book IN ('purchases','reservations','consumed')),
        amount bigint NOT NULL CHECK (amount <> 0),
        balance_after bigint,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((account_id IS NULL) <> (book IS NULL)),
        CHECK (account_id IS NULL OR balance_after >= 0)
      )`);
    await q.query(`CREATE INDEX entries_account_idx ON wallet.entries (account_id) WHERE account_id IS NOT NULL`);
    await q.query(`CREATE INDEX entries_transfer_idx ON wallet.entries (transfer_id)`);
    // Append-only: history is corrected by new transfers, never by editing old ones.
    await q.query(`
      CREATE FUNCTION wallet.refuse_ledger_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'wallet.% is append-only', TG_TABLE_NAME; END $$`);
    await q.query(`
      CREATE TRIGGER entries_append_only BEFORE UPDATE OR DELETE ON wallet.entries
      FOR EACH ROW EXECUTE FUNCTION wallet.refuse_ledger_rewrite()`);
    await q.query(`
      CREATE TRIGGER transfers_append_only BEFORE UPDATE OR DELETE ON wallet.transfers
      FOR EACH ROW EXECUTE FUNCTION wallet.refuse_ledger_rewrite()`);

    // Held credits per reservation: refunds and the settlement together never exceed it.
    await q.query(`
      CREATE TABLE wallet.reservations (
        id uuid PRIMARY KEY REFERENCES wallet.transfers(id),
        account_id uuid NOT NULL,
        debited_account_id uuid NOT NULL REFERENCES wallet.wallets(account_id),
        credits bigint NOT NULL CHECK (credits > 0),
        messages integer NOT NULL CHECK (messages >= 0),
        refunded_credits bigint NOT NULL DEFAULT 0 CHECK (refunded_credits >= 0),
        refunded_messages integer NOT NULL DEFAULT 0 CHECK (refunded_messages >= 0),
        settled_credits bigint CHECK (settled_credits >= 0),
        settled_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT reservations_refund_within_reserved CHECK (refunded_credits <= credits),
        CONSTRAINT reservations_refunded_messages_within CHECK (refunded_messages <= messages)
      )`);
    await q.query(`CREATE INDEX reservations_account_idx ON wallet.reservations (account_id)`);

    // Saga log of sub-account creation: 'started' rows older than a timeout are compensated.
    await q.query(`
      CREATE TABLE wallet.sub_account_sagas (
        sub_account_id uuid PRIMARY KEY,
        parent_account_id uuid NOT NULL,
        state text NOT NULL CHECK (state IN ('started','done','compensating','compensated')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sub_account_sagas_open_idx ON wallet.sub_account_sagas (created_at)
      WHERE state IN ('started','compensating')`);

    await createIdempotencyTableV1(q, 'wallet');
    await createOutboxTablesV1(q, 'wallet');
  }

  async down(q: QueryRunner): Promise<void> {
    await dropOutboxTablesV1(q, 'wallet');
    await dropIdempotencyTableV1(q, 'wallet');
    await q.query(`DROP TABLE wallet.sub_account_sagas`);
    await q.query(`DROP TABLE wallet.reservations`);
    await q.query(`DROP TABLE wallet.entries`);
    await q.query(`DROP TABLE wallet.transfers`);
    await q.query(`DROP FUNCTION wallet.refuse_ledger_rewrite()`);
    await q.query(`DROP TABLE wallet.sub_accounts`);
    await q.query(`DROP TABLE wallet.wallets`);
  }
}
