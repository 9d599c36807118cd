import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';

/** The SQL of sender-codes.service.ts: `identity.sender_codes`. */
@Injectable()
export class SenderCodeRepository {
  /** Serialises code issuing per account and per number until `q`'s transaction ends. */
  async lockIssuers(q: Queryable, accountId: string, number: string): Promise<void> {
    await q.query(`SELECT pg_advisory_xact_lock(hashtext($1)), pg_advisory_xact_lock(hashtext($2))`, [
      `sender-code:${accountId}`,
      `sender-code:${number}`,
    ]);
  }

  /** Codes sent in the last day for this account, and to this number whatever the account. */
  async countLastDay(
    q: Queryable,
    accountId: string,
    number: string,
  ): Promise<{ perAccount: number; perNumber: number }> {
    const [counts]: { perAccount: number; perNumber: number }[] = await q.query(
      `SELECT count(*) FILTER (WHERE account_id = $1)::int AS "perAccount",
              count(*) FILTER (WHERE recipient = $2)::int AS "perNumber"
       FROM identity.sender_codes
       WHERE (account_id = $1 OR recipient = $2) AND created_at > now() - interval '1 day'`,
      [accountId, number],
    );
    return counts;
  }

  async insert(
    q: Queryable,
    code: { id: string; senderId: string; accountId: string; recipient: string; codeHash: string; expiresAt: Date },
  ): Promise<void> {
    await q.query(
      `INSERT INTO identity.sender_codes (id, sender_id, account_id, recipient, code_hash, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [code.id, code.senderId, code.accountId, code.recipient, code.codeHash, code.expiresAt],
    );
  }

  /**
   * Uses one try of the sender's latest live code: `[]` when there is none left to try, else one
   * row telling whether the hash matched.
   */
  async useTry(
    q: Queryable,
    accountId: string,
    senderId: string,
    codeHash: string,
    maxAttempts: number,
  ): Promise<{ ok: boolean }[]> {
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [rows]: [{ ok: boolean }[], number] = await q.query(
      `UPDATE identity.sender_codes SET attempts = attempts + 1,
         used_at = CASE WHEN code_hash = $3 THEN now() ELSE NULL END
       WHERE id = (SELECT id FROM identity.sender_codes WHERE account_id = $1 AND sender_id = $2
                   ORDER BY created_at DESC LIMIT 1)
         AND used_at IS NULL AND expires_at > now() AND attempts < $4
       RETURNING code_hash = $3 AS ok`,
      [accountId, senderId, codeHash, maxAttempts],
    );
    return rows;
  }
}
