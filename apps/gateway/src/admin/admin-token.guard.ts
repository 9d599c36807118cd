import { CanActivate, Inject, Injectable } from '@nestjs/common';
import { ExecutionContext } from '@nestjs/common';
import { ForbiddenError, UnauthorizedError } from '@sms/contracts';
import { FastifyRequest } from 'fastify';
import { createHash, timingSafeEqual } from 'node:crypto';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';

const digest = (text: string): Buffer => createHash('sha256').update(text).digest();

/**
 * Whether `presented` is the admin token, in time that does not depend on where they differ:
 * both sides are hashed to 32 bytes first, so neither length nor content leaks.
 */
export function isAdminToken(expected: string, presented: string): boolean {
  return expected.length > 0 && timingSafeEqual(digest(expected), digest(presented));
}

/**
 * The operators' routes (`/admin/*`, marked @Public() for the customers' guard): the bearer
 * must be ADMIN_TOKEN. No token configured: 403 for everyone; anything else: 401.
 */
@Injectable()
export class AdminTokenGuard implements CanActivate {
  constructor(@Inject(GATEWAY_ENV) private readonly env: GatewayEnv) {}

  canActivate(context: ExecutionContext): boolean {
    if (this.env.ADMIN_TOKEN === '') {
      throw new ForbiddenError('The operator API is disabled here (no ADMIN_TOKEN).', 'admin-disabled');
    }
    const header = context.switchToHttp().getRequest<FastifyRequest>().headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match || !isAdminToken(this.env.ADMIN_TOKEN, match[1])) {
      throw new UnauthorizedError('The admin bearer token is missing or wrong.', 'admin-token-invalid');
    }
    return true;
  }
}
