import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';
import type { InvoiceView } from '@sms/contracts';

/** The SQL of purchase.service.ts. */
@Injectable()
export class PurchaseRepository {
  idempotencyKey(
    db: Queryable,
    accountId: string,
    key: string,
  ): Promise<{ requestHash: string; response: InvoiceView | null }[]> {
    return db.query(
      `SELECT request_hash AS "requestHash", response FROM billing.idempotency_keys WHERE account_id = $1 AND key = $2`,
      [accountId, key],
    );
  }
}
