import { Injectable } from '@nestjs/common';
import type { ManagerContactChangedData } from '@sms/contracts';
import type { Queryable } from '@sms/database';

/** The SQL of manager-contact.events.ts. */
@Injectable()
export class ManagerContactRepository {
  contactOf(db: Queryable, userId: string, subAccountId: string): Promise<ManagerContactChangedData[]> {
    return db.query(
      `SELECT u.account_id AS "accountId", u.id AS "userId", u.first_name AS "firstName", u.last_name AS "lastName",
              u.email, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "changedAt"
         FROM identity.users u
        WHERE u.id = $1 AND u.account_id = $2 AND u.role = 'manager'`,
      [userId, subAccountId],
    );
  }
}
