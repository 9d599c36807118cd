import { Injectable } from '@nestjs/common';
import { ConflictError, ManagerDetailsPatch, ManagerResult, RevokedSession } from '@sms/contracts';
import { isUniqueViolation } from '@sms/database';
import { EntityManager } from 'typeorm';

const emailTaken = () => new ConflictError('email-taken', 'This e-mail address is already used by another login.');

const MANAGER_COLUMNS = `u.id AS "userId", u.first_name AS "firstName", u.last_name AS "lastName", u.email, u.active`;

/**
 * Sub-account accounts and their manager logins. Every query names both the sub-account
 * and its parent, so a wallet bug can never reach another owner's sub-account.
 */
@Injectable()
export class ManagerRepository {
  /** The parent must be an owner account (no parent of its own). */
  async isOwnerAccount(em: EntityManager, accountId: string): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `SELECT 1 FROM identity.accounts WHERE id = $1 AND parent_account_id IS NULL`,
      [accountId],
    );
    return rows.length > 0;
  }

  /** False when the id is already taken (by this sub-account or, wrongly, another). */
  async insertSubAccount(em: EntityManager, subAccountId: string, parentAccountId: string): Promise<boolean> {
    const rows: unknown[] = await em.query(
      `INSERT INTO identity.accounts (id, parent_account_id) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [subAccountId, parentAccountId],
    );
    return rows.length > 0;
  }

  async find(em: EntityManager, subAccountId: string, parentAccountId: string): Promise<ManagerResult | undefined> {
    const rows: ManagerResult[] = await em.query(
      `SELECT ${MANAGER_COLUMNS} FROM identity.users u JOIN identity.accounts a ON a.id = u.account_id
       WHERE a.id = $1 AND a.parent_account_id = $2 AND u.role = 'manager'`,
      [subAccountId, parentAccountId],
    );
    return rows[0];
  }

  async update(em: EntityManager, userId: string, subAccountId: string, m: ManagerDetailsPatch): Promise<void> {
    try {
      await em.query(
        `UPDATE identity.users SET first_name = COALESCE($3, first_name), last_name = COALESCE($4, last_name),
           email = COALESCE($5, email), updated_at = now()
         WHERE id = $1 AND account_id = $2`,
        [userId, subAccountId, m.firstName ?? null, m.lastName ?? null, m.email ?? null],
      );
    } catch (err) {
      if (isUniqueViolation(err, 'users_email_lower_key')) throw emailTaken();
      throw err;
    }
  }

  async setActive(em: EntityManager, userId: string, subAccountId: string, active: boolean): Promise<void> {
    await em.query(`UPDATE identity.users SET active = $3, updated_at = now() WHERE id = $1 AND account_id = $2`, [
      userId,
      subAccountId,
      active,
    ]);
  }

  async liveRevokedSessions(em: EntityManager): Promise<RevokedSession[]> {
    const rows: { sessionId: string; expiresAt: Date }[] = await em.query(
      `SELECT session_id AS "sessionId", expires_at AS "expiresAt" FROM identity.revoked_sessions WHERE expires_at > now()`,
    );
    return rows.map((r) => ({ sessionId: r.sessionId, expiresAt: new Date(r.expiresAt).toISOString() }));
  }

  /** Compensation: the login and the account go; refresh tokens follow by cascade. */
  async delete(em: EntityManager, subAccountId: string, parentAccountId: string): Promise<boolean> {
    const owned: unknown[] = await em.query(
      `SELECT 1 FROM identity.accounts WHERE id = $1 AND parent_account_id = $2 FOR UPDATE`,
      [subAccountId, parentAccountId],
    );
    if (owned.length === 0) return false;
    await em.query(`DELETE FROM identity.users WHERE account_id = $1`, [subAccountId]);
    await em.query(`DELETE FROM identity.accounts WHERE id = $1`, [subAccountId]);
    return true;
  }
}
