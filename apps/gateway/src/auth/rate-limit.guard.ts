import {
  applyDecorators,
  CallHandler,
  CanActivate,
  ExecutionContext,
  Injectable,
  NestInterceptor,
  SetMetadata,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DomainError, RemoteProblemError } from '@sms/contracts';
import { FastifyReply } from 'fastify';
import { Observable, catchError, from, mergeMap, throwError } from 'rxjs';
import { clientKey } from '../rate-limit/client-key';
import { RateLimits, UserOperation } from '../rate-limit/rate-limits.service';
import type { AuthenticatedRequest } from './jwt-auth.guard';

export class RateLimitedError extends DomainError {
  readonly status = 429;
  constructor(retryAfterSeconds?: number) {
    super(
      'rate-limited',
      retryAfterSeconds
        ? `Too many attempts; try again in ${retryAfterSeconds} s (Retry-After).`
        : 'Too many attempts; wait a minute and try again.',
    );
  }
}

interface RateLimitOptions {
  /** Per client address (IPv4, or IPv6 /64) on this route, AUTH_RATE_LIMIT_PER_MINUTE. */
  perClient?: boolean;
  /** Per e-mail in the body on this route, LOGIN_RATE_LIMIT_PER_EMAIL a minute (password reset). */
  byEmail?: boolean;
  /** Login: failures per e-mail (and per e-mail and client) back off exponentially. */
  login?: boolean;
  /** Per signed-in user and hour. */
  perUser?: UserOperation;
  /** The route may answer 409 for an e-mail in use: those are counted per user, past the bound 429. */
  emailConflicts?: boolean;
}

const RATE_LIMIT = 'rateLimit';

/**
 * Limits a route: per client by default (public routes), per user, per e-mail, and for login
 * an exponential backoff counted from failures. Counters are shared by every gateway replica
 * when REDIS_URL is set (src/rate-limit).
 */
export const RateLimited = (opts: RateLimitOptions = { perClient: true }) =>
  applyDecorators(
    SetMetadata(RATE_LIMIT, opts),
    UseGuards(RateLimitGuard),
    UseInterceptors(RateLimitOutcomeInterceptor),
  );

function emailOf(req: AuthenticatedRequest): string | undefined {
  const email = (req.body as { email?: unknown } | undefined)?.email;
  // Longer than an e-mail can be: validation refuses it next; never a key of arbitrary size.
  return typeof email === 'string' && email.length <= 254 ? email.trim().toLowerCase() : undefined;
}

function managerEmailOf(req: AuthenticatedRequest): string | undefined {
  const manager = (req.body as { manager?: { email?: unknown } } | undefined)?.manager;
  return typeof manager?.email === 'string' ? manager.email : undefined;
}

function refuse(context: ExecutionContext, seconds: number): never {
  void context.switchToHttp().getResponse<FastifyReply>().header('retry-after', String(seconds));
  throw new RateLimitedError(seconds);
}

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const opts = this.reflector.get<RateLimitOptions | undefined>(RATE_LIMIT, context.getHandler());
    if (!opts) return true;
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const route = req.routeOptions?.url ?? req.url;
    const client = clientKey(req.ip);
    const email = emailOf(req);
    const waits: Array<Promise<number>> = [];
    if (opts.perClient || opts.login) waits.push(this.limits.perClient(route, client));
    if (opts.byEmail && email) waits.push(this.limits.perEmail(route, email));
    if (opts.login && email) waits.push(this.limits.loginWait(email, client));
    const userId = req.auth?.actor.userId;
    // E-mail changes count only when the body names an e-mail (a rename is not one).
    const counted = opts.perUser !== 'email-change' || email !== undefined || managerEmailOf(req) !== undefined;
    if (opts.perUser && userId && counted) waits.push(this.limits.perUser(opts.perUser, userId));
    if (opts.emailConflicts && userId) waits.push(this.limits.conflictWait(userId));
    const wait = Math.max(0, ...(await Promise.all(waits)));
    if (wait > 0) refuse(context, wait);
    return true;
  }
}

/** Records what the limits learn from the answer: login failures and successes, e-mail conflicts. */
@Injectable()
export class RateLimitOutcomeInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimits,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const opts = this.reflector.get<RateLimitOptions | undefined>(RATE_LIMIT, context.getHandler());
    if (!opts?.login && !opts?.emailConflicts) return next.handle();
    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const client = clientKey(req.ip);
    const email = emailOf(req);
    const userId = req.auth?.actor.userId;
    return next.handle().pipe(
      mergeMap((value) =>
        opts.login && email ? from(this.limits.loginSucceeded(email, client).then(() => value)) : [value],
      ),
      catchError((err: unknown) => {
        const status = statusOf(err);
        let record: Promise<void> | undefined;
        if (opts.login && email && status === 401) record = this.limits.loginFailed(email, client);
        if (opts.emailConflicts && userId && status === 409) record = this.limits.conflictMet(userId);
        return record ? from(record).pipe(mergeMap(() => throwError(() => err))) : throwError(() => err);
      }),
    );
  }
}

function statusOf(err: unknown): number | undefined {
  if (err instanceof RemoteProblemError) return err.problem.status;
  if (err instanceof DomainError) return err.status;
  return undefined;
}
