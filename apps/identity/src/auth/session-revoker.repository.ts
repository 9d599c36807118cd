import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';
import type { RevocationScope } from './session-revoker';

/** The SQL of session-revoker.ts. */
@Injectable()
export class SessionRevokerRepository {
  insertRevoked(
    em: Queryable,
    ttlSeconds: number,
    scope: RevocationScope,
  ): Promise<{ sessionId: string; expiresAt: Date }[]> {
    const [where, params] =
      'familyIds' in scope
        ? ['family_id = ANY($2::uuid[])', [scope.familyIds]]
        : [
            'user_id = $2 AND family_id <> $3',
            [scope.userId, scope.exceptFamilyId ?? '00000000-0000-0000-0000-000000000000'],
          ];
    return em.query(
      `INSERT INTO identity.revoked_sessions (session_id, user_id, expires_at)
       SELECT family_id, user_id, max(exp) FROM (
         SELECT family_id, user_id, COALESCE(access_expires_at, created_at + make_interval(secs => $1)) AS exp
         FROM identity.refresh_tokens WHERE ${where}
       ) t WHERE exp > now()
       GROUP BY family_id, user_id
       ON CONFLICT (session_id) DO UPDATE SET expires_at = GREATEST(identity.revoked_sessions.expires_at, EXCLUDED.expires_at)
       RETURNING session_id AS "sessionId", expires_at AS "expiresAt"`,
      [ttlSeconds, ...params],
    );
  }
}
