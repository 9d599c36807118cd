import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ForbiddenError, RemoteProblemError, UnauthorizedError } from '@sms/contracts';
import { FastifyReply, FastifyRequest } from 'fastify';
import { AccessTokenVerifier, VerifiedToken } from './access-token.verifier';
import { ApiKeyCache } from './api-key.cache';
import { ApiKeyRateLimiter } from './api-key-rate-limiter';
import { ApiKeyUsageRecorder } from './api-key-usage.recorder';
import { IS_PUBLIC } from './public.decorator';
import { RateLimitedError } from './rate-limit.guard';
import { REQUIRED_SCOPE } from './require-scope.decorator';
import { RevokedSessionsCache } from './revoked-sessions.cache';

export type AuthenticatedRequest = FastifyRequest & { auth?: VerifiedToken };

/**
 * Global guard: every route needs a valid bearer token, or an API key (`X-Api-Key`) holding
 * the scope the route declares with @RequireScope, unless marked @Public().
 */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly verifier: AccessTokenVerifier,
    private readonly revocations: RevokedSessionsCache,
    private readonly apiKeys: ApiKeyCache,
    private readonly keyLimiter: ApiKeyRateLimiter,
    private readonly keyUsage: ApiKeyUsageRecorder,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()])) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    if (header === undefined && typeof apiKey === 'string') {
      req.auth = await this.authenticateKey(apiKey, context);
      return true;
    }
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

  /** Known and live (401), within its rate limit (429), holding the route's scope (403). */
  private async authenticateKey(secret: string, context: ExecutionContext): Promise<VerifiedToken> {
    const key = await this.apiKeys.resolve(secret.trim());
    if (!key) throw new UnauthorizedError('The API key is not valid, revoked or expired.', 'api-key-invalid');
    const retryAfter = await this.keyLimiter.take(key.id);
    if (retryAfter !== null) {
      void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfter));
      throw new RateLimitedError(retryAfter);
    }
    this.keyUsage.touch(key.id);
    const scope = this.reflector.get<string | undefined>(REQUIRED_SCOPE, context.getHandler());
    if (!scope) throw new ForbiddenError('This operation is not available to API keys.', 'api-key-not-allowed');
    if (!key.scopes.includes(scope)) {
      throw new ForbiddenError(`This API key lacks the ${scope} scope.`, 'api-key-scope-missing');
    }
    return { actor: key.actor, sessionId: key.id, issuedAt: 0, apiKey: { id: key.id, scopes: key.scopes } };
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
