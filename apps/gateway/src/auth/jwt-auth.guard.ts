import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RemoteProblemError, UnauthorizedError } from '@sms/contracts';
import { FastifyRequest } from 'fastify';
import { AccessTokenVerifier, VerifiedToken } from './access-token.verifier';
import { IS_PUBLIC } from './public.decorator';
import { RevokedSessionsCache } from './revoked-sessions.cache';

export type AuthenticatedRequest = FastifyRequest & { auth?: VerifiedToken };

/** Global guard: every route needs a valid bearer token unless marked @Public(). */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    private readonly revocations: RevokedSessionsCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) throw new UnauthorizedError('A bearer access token is required.', 'token-missing');
    const auth = await this.verifier.verify(match[1]);
    // Fail closed: without a fresh revoked-sessions list a revoked token cannot be told apart.
    if (!this.revocations.isFresh()) throw revocationsUnavailable();
    // Logged out, password changed, refresh token reused, deactivated: refused before expiry.
    if (this.revocations.isRevoked(auth.sessionId)) {
      throw new UnauthorizedError('This session has been revoked.', 'token-revoked');
    }
    req.auth = auth;
    return true;
  }
}

function revocationsUnavailable(): RemoteProblemError {
  return new RemoteProblemError({
    status: 503,
    title: 'Service Unavailable',
    detail: 'Sessions cannot be checked right now; retry shortly.',
    code: 'revocations-unavailable',
  });
}
