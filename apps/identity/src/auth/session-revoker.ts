import { Inject, Injectable } from '@nestjs/common';
import { RevokedSession, RevokedSessionsList } from '@sms/contracts';
import { EntityManager } from 'typeorm';
import { IDENTITY_ENV, IdentityEnv } from '../identity-env';
import { SessionRevocationPublisher } from '../managers/session-revocation.publisher';

/** Which sessions to revoke: some families, or all of a user's (optionally but one). */
export type RevocationScope = { familyIds: string[] } | { userId: string; exceptFamilyId?: string };

/**
 * Revokes sessions' live access tokens: records each session that may still hold one on
 * identity.revoked_sessions until that token's own `exp`, and (after the caller's
 * transaction commits) broadcasts them to every gateway. Refresh tokens are revoked by the
 * caller as before.
 */
@Injectable()
export class SessionRevoker {
  constructor(
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
    private readonly publisher: SessionRevocationPublisher,
  ) {}

  async record(em: EntityManager, scope: RevocationScope): Promise<RevokedSession[]> {
    const [where, params] =
      'familyIds' in scope
        ? ['family_id = ANY($2::uuid[])', [scope.familyIds]]
        : [
            'user_id = $2 AND family_id <> $3',
            [scope.userId, scope.exceptFamilyId ?? '00000000-0000-0000-0000-000000000000'],
          ];
    const rows: { sessionId: string; expiresAt: Date }[] = await em.query(
      `INSERT INTO identity.revoked_sessions (session_id, user_id, expires_at)
       SELECT family_id, user_id, max(exp) FROM (
         SELECT family_id, user_id, COALESCE(access_expires_at, created_at + make_interval(secs => $1)) AS exp
         FROM identity.refresh_tokens WHERE ${where}
       ) t WHERE exp > now()
       GROUP BY family_id, user_id
       ON CONFLICT (session_id) DO UPDATE SET expires_at = GREATEST(identity.revoked_sessions.expires_at, EXCLUDED.expires_at)
       RETURNING session_id AS "sessionId", expires_at AS "expiresAt"`,
      [this.env.ACCESS_TOKEN_TTL_SECONDS, ...params],
    );
    return rows.map((r) => ({ sessionId: r.sessionId, expiresAt: new Date(r.expiresAt).toISOString() }));
  }

  /** Call after the transaction that recorded `sessions` has committed. */
  broadcast(sessions: RevokedSession[]): void {
    const list: RevokedSessionsList = { sessions };
    this.publisher.publish(list);
  }
}
