import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';

/** The SQL of manager-saga.ts. */
@Injectable()
export class ManagerSagaRepository {
  start(db: Queryable, subAccountId: string, parentAccountId: string): Promise<void> {
    return db.query(
      `INSERT INTO wallet.sub_account_sagas (sub_account_id, parent_account_id, state) VALUES ($1, $2, 'started')
       ON CONFLICT (sub_account_id) DO UPDATE SET state = 'started', created_at = now(), updated_at = now()
       WHERE wallet.sub_account_sagas.state = 'compensated'`,
      [subAccountId, parentAccountId],
    );
  }

  complete(db: Queryable, subAccountId: string): Promise<unknown> {
    return db.query(
      `UPDATE wallet.sub_account_sagas SET state = 'done', updated_at = now()
       WHERE sub_account_id = $1 AND state = 'started' RETURNING 1`,
      [subAccountId],
    );
  }

  claimForCompensation(db: Queryable, subAccountId: string): Promise<unknown> {
    return db.query(
      `UPDATE wallet.sub_account_sagas SET state = 'compensating', updated_at = now()
       WHERE sub_account_id = $1 AND state = 'started' RETURNING parent_account_id AS "parentAccountId"`,
      [subAccountId],
    );
  }

  abandon(db: Queryable, subAccountId: string): Promise<void> {
    return db.query(
      `UPDATE wallet.sub_account_sagas SET state = 'compensated', updated_at = now()
       WHERE sub_account_id = $1 AND state = 'started'`,
      [subAccountId],
    );
  }

  claimTimedOut(db: Queryable, timeoutSeconds: number): Promise<void> {
    return db.query(
      `UPDATE wallet.sub_account_sagas SET state = 'compensating', updated_at = now()
       WHERE state = 'started' AND created_at < now() - make_interval(secs => $1)`,
      [timeoutSeconds],
    );
  }

  compensating(db: Queryable): Promise<{ subAccountId: string; parentAccountId: string }[]> {
    return db.query(`SELECT sub_account_id AS "subAccountId", parent_account_id AS "parentAccountId"
       FROM wallet.sub_account_sagas WHERE state = 'compensating' ORDER BY created_at LIMIT 100`);
  }

  markCompensated(db: Queryable, subAccountId: string): Promise<void> {
    return db.query(
      `UPDATE wallet.sub_account_sagas SET state = 'compensated', updated_at = now() WHERE sub_account_id = $1`,
      [subAccountId],
    );
  }
}
