import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';

/** The SQL of audit-log.appender.ts. */
@Injectable()
export class AuditLogAppendRepository {
  lockAccount(db: Queryable, accountId: string): Promise<void> {
    return db.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 1313))`, [accountId]);
  }

  lastEntry(db: Queryable, accountId: string): Promise<{ seq: string; hash: string }[]> {
    return db.query(`SELECT seq, hash FROM reporting.audit_log WHERE account_id = $1 ORDER BY seq DESC LIMIT 1`, [
      accountId,
    ]);
  }

  insert(
    db: Queryable,
    id: string,
    accountId: string,
    seq: number,
    at: string,
    userId: string,
    role: string,
    accountId2: string,
    action: string,
    type: string,
    id2: string,
    subAccountId: string | null,
    changes: string | null,
    requestId: string,
    ip: string,
    prevHash: string,
    hash: string,
  ): Promise<void> {
    return db.query(
      `INSERT INTO reporting.audit_log (id, account_id, seq, at, actor_user_id, actor_role, actor_account_id, action,
         target_type, target_id, sub_account_id, changes, request_id, ip, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (id) DO NOTHING`,
      [
        id,
        accountId,
        seq,
        at,
        userId,
        role,
        accountId2,
        action,
        type,
        id2,
        subAccountId,
        changes,
        requestId,
        ip,
        prevHash,
        hash,
      ],
    );
  }
}
