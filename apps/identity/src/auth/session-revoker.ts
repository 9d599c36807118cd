import { Inject, Injectable } from '@nestjs/common';
import { RevokedSession, RevokedSessionsList } from '@sms/contracts';
import { EntityManager } from 'typeorm';
import { IDENTITY_ENV, IdentityEnv } from '../identity-env';
import { SessionRevocationPublisher } from '../managers/session-revocation.publisher';
import { SessionRevokerRepository } from './session-revoker.repository';

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
  private readonly repo = new SessionRevokerRepository();
  constructor(
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
    private readonly publisher: SessionRevocationPublisher,
  ) {}

  async record(em: EntityManager, scope: RevocationScope): Promise<RevokedSession[]> {
    const rows = await this.repo.insertRevoked(em, this.env.ACCESS_TOKEN_TTL_SECONDS, scope);
    return rows.map((r) => ({ sessionId: r.sessionId, expiresAt: new Date(r.expiresAt).toISOString() }));
  }

  /** Call after the transaction that recorded `sessions` has committed. */
  broadcast(sessions: RevokedSession[]): void {
    const list: RevokedSessionsList = { sessions };
    this.publisher.publish(list);
  }
}
