import { Inject, Injectable } from '@nestjs/common';
import { LedgerVerification } from '@sms/contracts';
import { DataSource } from 'typeorm';

/**
 * Proves the ledger adds up, on one consistent snapshot: every wallet's stored balance
 * equals the sum of its entries and is not negative; every transfer has exactly two entries
 * netting to zero; every wallet a ledger row names exists; the reservations book holds
 * exactly what open reservations still hold.
 */
@Injectable()
export class LedgerVerifier {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async verify(): Promise<LedgerVerification> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      const q = <T>(sql: string): Promise<T[]> => runner.query(sql) as Promise<T[]>;
      const problems: string[] = [];
      const wallets = await q<{ accountId: string; balance: string; entries: string }>(
        `SELECT w.account_id AS "accountId", w.balance, COALESCE(e.total, 0) AS entries
         FROM wallet.wallets w
         LEFT JOIN (SELECT account_id, sum(amount) AS total FROM wallet.entries WHERE account_id IS NOT NULL GROUP BY account_id) e
           ON e.account_id = w.account_id`,
      );
      for (const w of wallets) {
        if (w.balance !== w.entries)
          problems.push(`wallet ${w.accountId}: balance ${w.balance} but entries sum to ${w.entries}`);
        if (Number(w.balance) < 0) problems.push(`wallet ${w.accountId}: negative balance ${w.balance}`);
      }
      const transfers = await q<{ id: string; n: string; net: string; credits: string; moved: string }>(
        `SELECT t.id, count(e.id) AS n, COALESCE(sum(e.amount), 0) AS net, t.credits,
                COALESCE(sum(e.amount) FILTER (WHERE e.amount > 0), 0) AS moved
         FROM wallet.transfers t LEFT JOIN wallet.entries e ON e.transfer_id = t.id
         GROUP BY t.id, t.credits`,
      );
      for (const t of transfers) {
        if (t.n !== '2' || t.net !== '0' || t.moved !== t.credits) {
          problems.push(`transfer ${t.id}: ${t.n} entries netting ${t.net}, moving ${t.moved} of ${t.credits}`);
        }
      }
      // No foreign keys to wallets (hot-path cost): every wallet a ledger row names must exist.
      const orphans = await q<{ what: string; id: string; accountId: string }>(
        `SELECT 'transfer' AS what, t.id::text AS id, a.account_id AS "accountId"
         FROM wallet.transfers t CROSS JOIN LATERAL (VALUES (t.from_account_id), (t.to_account_id)) a(account_id)
         WHERE a.account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM wallet.wallets w WHERE w.account_id = a.account_id)
         UNION ALL
         SELECT 'entry', e.id::text, e.account_id FROM wallet.entries e
         WHERE e.account_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM wallet.wallets w WHERE w.account_id = e.account_id)
         UNION ALL
         SELECT 'reservation', r.id::text, r.debited_account_id FROM wallet.reservations r
         WHERE NOT EXISTS (SELECT 1 FROM wallet.wallets w WHERE w.account_id = r.debited_account_id)`,
      );
      for (const o of orphans) problems.push(`${o.what} ${o.id}: names account ${o.accountId}, which has no wallet`);
      const [held] = await q<{ book: string; open: string }>(
        `SELECT (SELECT COALESCE(sum(amount), 0) FROM wallet.entries WHERE book = 'reservations') AS book,
                (SELECT COALESCE(sum(credits - refunded_credits), 0) FROM wallet.reservations WHERE settled_at IS NULL) AS open`,
      );
      if (held.book !== held.open)
        problems.push(`reservations book holds ${held.book}, open reservations ${held.open}`);
      await runner.commitTransaction();
      return {
        ok: problems.length === 0,
        walletsChecked: wallets.length,
        transfersChecked: transfers.length,
        problems,
      };
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      await runner.release();
    }
  }
}
