import { CanActivate, ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError } from '@sms/contracts';
import { FastifyReply, FastifyRequest } from 'fastify';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';

export class RateLimitedError extends DomainError {
  readonly status = 429;
  constructor() {
    super('rate-limited', 'Too many attempts; wait a minute and try again.');
  }
}

const RATE_LIMITED = 'rateLimited';
/** Limits a route per client address; `byEmail` also limits per e-mail in the body (login). */
export const RateLimited = (opts: { byEmail?: boolean } = {}) => SetMetadata(RATE_LIMITED, opts);

const WINDOW_MS = 60_000;

/**
 * Fixed one-minute windows kept in memory: enough for one gateway process; a fleet of
 * gateways would move the counters to a shared store.
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  private readonly counters = new Map<string, { windowStart: number; count: number }>();

  constructor(
    private readonly reflector: Reflector,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const opts = this.reflector.get<{ byEmail?: boolean } | undefined>(RATE_LIMITED, context.getHandler());
    if (!opts) return true;
    const req = context.switchToHttp().getRequest<FastifyRequest>();
    const route = req.routeOptions?.url ?? req.url;
    const now = Date.now();
    this.take(`ip:${route}:${req.ip}`, this.env.AUTH_RATE_LIMIT_PER_MINUTE, now, context);
    const email = (req.body as { email?: unknown } | undefined)?.email;
    if (opts.byEmail && typeof email === 'string') {
      this.take(`email:${route}:${email.toLowerCase()}`, this.env.LOGIN_RATE_LIMIT_PER_EMAIL, now, context);
    }
    return true;
  }

  private take(key: string, limit: number, now: number, context: ExecutionContext): void {
    if (this.counters.size > 100_000) this.sweep(now);
    let c = this.counters.get(key);
    if (!c || now - c.windowStart >= WINDOW_MS) {
      c = { windowStart: now, count: 0 };
      this.counters.set(key, c);
    }
    c.count += 1;
    if (c.count > limit) {
      const retryAfter = Math.ceil((c.windowStart + WINDOW_MS - now) / 1000);
      void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(retryAfter));
      throw new RateLimitedError();
    }
  }

  private sweep(now: number): void {
    for (const [key, c] of this.counters) if (now - c.windowStart >= WINDOW_MS) this.counters.delete(key);
  }
}
