import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';
import type { SubAccountView } from '@sms/contracts';

/** The SQL of sub-account-lifecycle.service.ts. */
@Injectable()
export class SubAccountLifecycleRepository {
  insertWallet(db: Queryable, subAccountId: string): Promise<void> {
    return db.query(`INSERT INTO wallet.wallets (account_id) VALUES ($1)`, [subAccountId]);
  }

  idempotencyKey(
    db: Queryable,
    accountId: string,
    key: string,
  ): Promise<{ requestHash: string; response: SubAccountView | null }[]> {
    return db.query(
      `SELECT request_hash AS "requestHash", response FROM wallet.idempotency_keys WHERE account_id = $1 AND key = $2`,
      [accountId, key],
    );
  }

  balance(db: Queryable, accountId: string): Promise<{ balance: string }[]> {
    return db.query(`SELECT balance FROM wallet.wallets WHERE account_id = $1`, [accountId]);
  }
}
