import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Drops the foreign keys from ledger rows (transfers, entries, reservations) to `wallets`.
 * Each of them ran a KEY SHARE lookup of the payer's wallet row at the end of every
 * reserve statement, i.e. while the hot row's update lock is held, and before the
 * single-statement reserve they took KEY SHARE locks next to other transactions' updates
 * (multixacts on the hot row). Integrity is kept by other means:
 * - a wallet row is never deleted (trigger below; TRUNCATE refused too), and `account_id`
 *   is its primary key that no code updates;
 * - a ledger row naming a wallet only commits together with the UPDATE of that wallet's
 *   balance (the reserve takes the id from the updated row's `RETURNING account_id`; the
 *   other flows roll back when their UPDATE finds no row), so it cannot name a missing one;
 * - `verify` reports any ledger row naming an account without a wallet.
 * The foreign keys between ledger rows (entries → transfers, reservations → transfers) and
 * from sub-accounts to wallets stay.
 */
export class LedgerRowsWithoutWalletFks1764600000000 implements MigrationInterface {
  name = 'LedgerRowsWithoutWalletFks1764600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE wallet.transfers DROP CONSTRAINT transfers_from_account_id_fkey`);
    await q.query(`ALTER TABLE wallet.transfers DROP CONSTRAINT transfers_to_account_id_fkey`);
    await q.query(`ALTER TABLE wallet.entries DROP CONSTRAINT entries_account_id_fkey`);
    await q.query(`ALTER TABLE wallet.reservations DROP CONSTRAINT reservations_debited_account_id_fkey`);
    await q.query(`
      CREATE FUNCTION wallet.refuse_wallet_delete() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'wallet.wallets rows are never deleted: the ledger refers to them'; END $$`);
    // DELETE and TRUNCATE only: a BEFORE UPDATE row trigger would add a tuple lock to every debit.
    await q.query(`
      CREATE TRIGGER wallets_never_deleted BEFORE DELETE ON wallet.wallets
      FOR EACH ROW EXECUTE FUNCTION wallet.refuse_wallet_delete()`);
    await q.query(`
      CREATE TRIGGER wallets_never_truncated BEFORE TRUNCATE ON wallet.wallets
      FOR EACH STATEMENT EXECUTE FUNCTION wallet.refuse_wallet_delete()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER wallets_never_truncated ON wallet.wallets`);
    await q.query(`DROP TRIGGER wallets_never_deleted ON wallet.wallets`);
    await q.query(`DROP FUNCTION wallet.refuse_wallet_delete()`);
    await q.query(`ALTER TABLE wallet.reservations ADD CONSTRAINT reservations_debited_account_id_fkey
      FOREIGN KEY (debited_account_id) REFERENCES wallet.wallets(account_id)`);
    await q.query(`ALTER TABLE wallet.entries ADD CONSTRAINT entries_account_id_fkey
      FOREIGN KEY (account_id) REFERENCES wallet.wallets(account_id)`);
    await q.query(`ALTER TABLE wallet.transfers ADD CONSTRAINT transfers_to_account_id_fkey
      FOREIGN KEY (to_account_id) REFERENCES wallet.wallets(account_id)`);
    await q.query(`ALTER TABLE wallet.transfers ADD CONSTRAINT transfers_from_account_id_fkey
      FOREIGN KEY (from_account_id) REFERENCES wallet.wallets(account_id)`);
  }
}
