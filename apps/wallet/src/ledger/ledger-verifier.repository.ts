import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';

/** The SQL of ledger-verifier.ts, each run on its REPEATABLE READ snapshot. */
@Injectable()
export class LedgerVerifierRepository {
  walletSums(db: Queryable): Promise<{ accountId: string; balance: string; entries: string }[]> {
    return db.query(
      `SELECT w.account_id AS "accountId", w.balance, COALESCE(e.total, 0) AS entries
         FROM wallet.wallets w
         LEFT JOIN (SELECT account_id, sum(amount) AS total FROM wallet.entries WHERE account_id IS NOT NULL GROUP BY account_id) e
           ON e.account_id = w.account_id`,
    );
  }

  transferSums(db: Queryable): Promise<{ id: string; n: string; net: string; credits: string; moved: string }[]> {
    return db.query(
      `SELECT t.id, count(e.id) AS n, COALESCE(sum(e.amount), 0) AS net, t.credits,
                COALESCE(sum(e.amount) FILTER (WHERE e.amount > 0), 0) AS moved
         FROM wallet.transfers t LEFT JOIN wallet.entries e ON e.transfer_id = t.id
         GROUP BY t.id, t.credits`,
    );
  }

  orphans(db: Queryable): Promise<{ what: string; id: string; accountId: string }[]> {
    return db.query(
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
  }

  reservationsHeld(db: Queryable): Promise<{ book: string; open: string }[]> {
    return db.query(
      `SELECT (SELECT COALESCE(sum(amount), 0) FROM wallet.entries WHERE book = 'reservations') AS book,
                (SELECT COALESCE(sum(credits - refunded_credits), 0) FROM wallet.reservations WHERE settled_at IS NULL) AS open`,
    );
  }
}
