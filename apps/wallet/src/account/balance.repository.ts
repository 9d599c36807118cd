import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';

/** The SQL of balance.service.ts. */
@Injectable()
export class BalanceRepository {
  walletBalance(db: Queryable, accountId: string): Promise<{ balance: string }[]> {
    return db.query(`SELECT balance FROM wallet.wallets WHERE account_id = $1`, [accountId]);
  }

  subAccountBalances(
    db: Queryable,
    accountId: string,
    parentAccountId: string,
  ): Promise<{ unlimited: boolean; own: string; parent: string }[]> {
    return db.query(
      `SELECT s.unlimited, w.balance AS own, p.balance AS parent
       FROM wallet.sub_accounts s
       JOIN wallet.wallets w ON w.account_id = s.id
       JOIN wallet.wallets p ON p.account_id = s.parent_account_id
       WHERE s.id = $1 AND s.parent_account_id = $2`,
      [accountId, parentAccountId],
    );
  }
}
