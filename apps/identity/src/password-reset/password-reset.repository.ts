import { Injectable } from '@nestjs/common';
import { returning } from '@sms/database';
import { EntityManager } from 'typeorm';

/** Reset tokens by hash. Every method that changes a user's tokens takes its id. */
@Injectable()
export class PasswordResetRepository {
  /** Tokens issued to the user in the last `withinSeconds` (the per-address limit). */
  async countRecent(em: EntityManager, userId: string, withinSeconds: number): Promise<number> {
    const rows: { n: string }[] = await em.query(
      `SELECT count(*) AS n FROM identity.password_resets
        WHERE user_id = $1 AND created_at > now() - make_interval(secs => $2)`,
      [userId, withinSeconds],
    );
    return Number(rows[0].n);
  }

  async insert(
    em: EntityManager,
    userId: string,
    tokenHash: string,
    ttlSeconds: number,
  ): Promise<{ id: string; expiresAt: Date }> {
    const rows: { id: string; expiresAt: Date }[] = await em.query(
      `INSERT INTO identity.password_resets (user_id, token_hash, expires_at)
       VALUES ($1, $2, now() + make_interval(secs => $3)) RETURNING id, expires_at AS "expiresAt"`,
      [userId, tokenHash, ttlSeconds],
    );
    return rows[0];
  }

  /**
   * Uses the token if it is known, unused and unexpired, in one conditional UPDATE (two
   * concurrent confirmations cannot both succeed). Returns its user and account, or nothing.
   */
  async consume(em: EntityManager, tokenHash: string): Promise<{ userId: string; accountId: string } | undefined> {
    const rows = returning<{ userId: string; accountId: string }>(
      await em.query(
        `UPDATE identity.password_resets r SET used_at = now()
         FROM identity.users u
        WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now() AND u.id = r.user_id AND u.active
        RETURNING r.user_id AS "userId", u.account_id AS "accountId"`,
        [tokenHash],
      ),
    );
    return rows[0];
  }

  /** Once the password changed, the user's other outstanding tokens are void too. */
  async voidOthers(em: EntityManager, userId: string): Promise<void> {
    await em.query(`UPDATE identity.password_resets SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [
      userId,
    ]);
  }

  /** Locks the user's row: serialises reset requests for one user. */
  async lockUser(em: EntityManager, userId: string): Promise<void> {
    await em.query(`SELECT 1 FROM identity.users WHERE id = $1 FOR UPDATE`, [userId]);
  }
}
