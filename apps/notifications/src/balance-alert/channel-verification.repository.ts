import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';

/** The SQL of channel-verification.service.ts. */
@Injectable()
export class ChannelVerificationRepository {
  tryCode(
    db: Queryable,
    accountId: string,
    channel: string,
    recipient: string,
    codeHash: string,
    MAX_ATTEMPTS: number,
  ): Promise<[{ id: string; ok: boolean }[], number]> {
    return db.query(
      `UPDATE notifications.channel_codes SET attempts = attempts + 1,
         used_at = CASE WHEN code_hash = $4 THEN now() ELSE NULL END
       WHERE id = (SELECT id FROM notifications.channel_codes
                   WHERE account_id = $1 AND channel = $2 AND recipient = $3
                   ORDER BY created_at DESC LIMIT 1)
         AND used_at IS NULL AND expires_at > now() AND attempts < $5
       RETURNING id, code_hash = $4 AS ok`,
      [accountId, channel, recipient, codeHash, MAX_ATTEMPTS],
    );
  }

  lockAccountAndRecipient(db: Queryable, accountKey: string, recipientKey: string): Promise<void> {
    return db.query(`SELECT pg_advisory_xact_lock(hashtext($1)), pg_advisory_xact_lock(hashtext($2))`, [
      accountKey,
      recipientKey,
    ]);
  }

  countRecent(
    db: Queryable,
    accountId: string,
    recipient: string,
  ): Promise<{ perAccount: number; perRecipient: number }[]> {
    return db.query(
      `SELECT count(*) FILTER (WHERE account_id = $1)::int AS "perAccount",
                count(*) FILTER (WHERE recipient = $2)::int AS "perRecipient"
         FROM notifications.channel_codes
         WHERE (account_id = $1 OR recipient = $2) AND created_at > now() - interval '1 day'`,
      [accountId, recipient],
    );
  }

  insertCode(
    db: Queryable,
    id: string,
    accountId: string,
    channel: string,
    recipient: string,
    codeHash: string,
    expiresAt: Date,
  ): Promise<void> {
    return db.query(
      `INSERT INTO notifications.channel_codes (id, account_id, channel, recipient, code_hash, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6)`,
      [id, accountId, channel, recipient, codeHash, expiresAt],
    );
  }

  deleteCode(db: Queryable, id: string): Promise<void> {
    return db.query(`DELETE FROM notifications.channel_codes WHERE id = $1`, [id]);
  }
}
