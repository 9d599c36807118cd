import { Injectable } from '@nestjs/common';
import { IdentityEvents, ManagerContactChangedData } from '@sms/contracts';
import { Emit } from '@sms/events';
import { EntityManager } from 'typeorm';

/**
 * Tells the wallet (which keeps a copy for the owner's sub-account list) what a manager's name
 * and e-mail now are. Called in the transaction that changed them, after the UPDATE: the row lock
 * orders concurrent changes, and `clock_timestamp()` taken under it orders their events.
 */
@Injectable()
export class ManagerContactEvents {
  async emitChanged(em: EntityManager, emit: Emit, subAccountId: string, userId: string): Promise<void> {
    const rows: ManagerContactChangedData[] = await em.query(
      `SELECT u.account_id AS "accountId", u.id AS "userId", u.first_name AS "firstName", u.last_name AS "lastName",
              u.email, to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS "changedAt"
         FROM identity.users u
        WHERE u.id = $1 AND u.account_id = $2 AND u.role = 'manager'`,
      [userId, subAccountId],
    );
    if (rows[0]) await emit(IdentityEvents.managerContactChanged, rows[0], { accountId: subAccountId });
  }
}
