import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RemoteProblemError, UnauthorizedError } from '@sms/contracts';
import { AccessTokenVerifier, VerifiedToken } from './access-token.verifier';
import { JwtAuthGuard } from './jwt-auth.guard';
import { RevokedSessionsCache } from './revoked-sessions.cache';

const token: VerifiedToken = {
  actor: { userId: 'u', accountId: 'a', role: 'owner' },
  sessionId: '11111111-1111-4111-8111-111111111111',
  issuedAt: 0,
};

function guardWith(state: { fresh: boolean; revoked: boolean }, role: 'owner' | 'manager' = 'owner') {
  const verifier = {
    verify: async () => ({ ...token, actor: { ...token.actor, role } }),
  } as unknown as AccessTokenVerifier;
  const cache = { isFresh: () => state.fresh, isRevoked: () => state.revoked } as unknown as RevokedSessionsCache;
  const reflector = { getAllAndOverride: () => false } as unknown as Reflector;
  // Bearer tokens only here: the API-key collaborators are never reached.
  const unused = {} as never;
  return new JwtAuthGuard(reflector, verifier, cache, unused, unused, unused);
}

function context(): { ctx: ExecutionContext; req: Record<string, unknown> } {
  const req: Record<string, unknown> = { headers: { authorization: 'Bearer abc' } };
  const ctx = {
    getHandler: () => undefined,
    getClass: () => undefined,
    switchToHttp: () => ({ getRequest: () => req }),
  } as unknown as ExecutionContext;
  return { ctx, req };
}

describe('JwtAuthGuard and the revoked-sessions list', () => {
  it.each(['owner', 'manager'] as const)(
    'answers 503 to a valid %s token while the list is not fresh',
    async (role) => {
      const { ctx, req } = context();
      let thrown: unknown;
      try {
        await guardWith({ fresh: false, revoked: false }, role).canActivate(ctx);
      } catch (err) {
        thrown = err;
      }
      expect(thrown).toBeInstanceOf(RemoteProblemError);
      expect((thrown as RemoteProblemError).problem).toMatchObject({ status: 503, code: 'revocations-unavailable' });
      expect(req.auth).toBeUndefined();
    },
  );

  it('refuses a revoked session with 401 and lets a live one through once the list is fresh', async () => {
    const revoked = context();
    await expect(guardWith({ fresh: true, revoked: true }).canActivate(revoked.ctx)).rejects.toThrow(UnauthorizedError);
    expect(revoked.req.auth).toBeUndefined();
    const live = context();
    await expect(guardWith({ fresh: true, revoked: false }).canActivate(live.ctx)).resolves.toBe(true);
    expect(live.req.auth).toMatchObject({ sessionId: token.sessionId });
  });
});
