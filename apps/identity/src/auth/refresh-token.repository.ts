import { Inject, Injectable } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

export interface RefreshTokenRow {
  id: string;
  userId: string;
  accountId: string;
  familyId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token).digest();
}

/** Opaque refresh tokens; only their SHA-256 is stored. A family is one login session. */
@Injectable()
export class RefreshTokenRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** `accessExpiresAt`: the `exp` of the access token issued with it (kept for revocation). */
  async issue(
    userId: string,
    familyId: string,
    ttlDays: number,
    accessExpiresAt: Date,
    em: EntityManager = this.ds.manager,
  ): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    await em.query(
      `INSERT INTO identity.refresh_tokens (user_id, family_id, token_hash, expires_at, access_expires_at)
       VALUES ($1, $2, $3, now() + make_interval(days => $4), $5)`,
      [userId, familyId, hashToken(token), ttlDays, accessExpiresAt],
    );
    return token;
  }

  /** Locks the row so that two concurrent refreshes of one token cannot both succeed. */
  async findForUpdate(token: string, em: EntityManager): Promise<RefreshTokenRow | undefined> {
    const rows: RefreshTokenRow[] = await em.query(
      `SELECT t.id, t.user_id AS "userId", u.account_id AS "accountId", t.family_id AS "familyId",
              t.expires_at AS "expiresAt", t.used_at AS "usedAt", t.revoked_at AS "revokedAt"
       FROM identity.refresh_tokens t JOIN identity.users u ON u.id = t.user_id
       WHERE t.token_hash = $1 FOR UPDATE OF t`,
      [hashToken(token)],
    );
    return rows[0];
  }

  async markUsed(id: string, em: EntityManager): Promise<void> {
    await em.query(`UPDATE identity.refresh_tokens SET used_at = now() WHERE id = $1`, [id]);
  }

  async revokeFamily(familyId: string, em: EntityManager = this.ds.manager): Promise<void> {
    await em.query(
      `UPDATE identity.refresh_tokens SET revoked_at = now() WHERE family_id = $1 AND revoked_at IS NULL`,
      [familyId],
    );
  }

  /** Revokes every session of the user except `keepFamilyId` (the one changing its password). */
  async revokeOtherFamilies(userId: string, keepFamilyId: string, em: EntityManager): Promise<void> {
    await em.query(
      `UPDATE identity.refresh_tokens SET revoked_at = now()
       WHERE user_id = $1 AND family_id <> $2 AND revoked_at IS NULL`,
      [userId, keepFamilyId],
    );
  }

  async revokeAllForUser(userId: string, em: EntityManager = this.ds.manager): Promise<void> {
    await em.query(`UPDATE identity.refresh_tokens SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [
      userId,
    ]);
  }
}
