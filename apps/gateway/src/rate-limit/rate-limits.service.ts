import { Inject, Injectable } from '@nestjs/common';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';
import { backoffSeconds, secondsLeft } from './login-backoff';
import { RATE_LIMIT_STORE, RateLimitStore } from './rate-limit.store';

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Failures are forgotten after this long without a new one. */
const FAILURE_MEMORY_MS = 15 * MINUTE_MS;
/** The backoff every client shares for one e-mail stays short: it slows many-address guessing without locking the owner out. */
const PER_EMAIL_MAX_BACKOFF_SECONDS = 30;

/** Per-user operations with their own limit (per hour). */
export type UserOperation = 'password-change' | 'sub-account-create' | 'email-change';

/** The rules; the counters live in the store (Redis for a fleet). Each method returns seconds to wait, or 0. */
@Injectable()
export class RateLimits {
  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
  ) {}

  /** Requests per minute from one client (IPv4 address or IPv6 /64) to one route. */
  async perClient(route: string, client: string): Promise<number> {
    return this.window(`ip:${route}:${client}`, this.env.AUTH_RATE_LIMIT_PER_MINUTE, MINUTE_MS);
  }

  /** Requests per minute for one e-mail to one route (password reset), whatever the client. */
  async perEmail(route: string, email: string): Promise<number> {
    return this.window(`email:${route}:${email}`, this.env.LOGIN_RATE_LIMIT_PER_EMAIL, MINUTE_MS);
  }

  /** Requests per hour by one user to an operation. */
  async perUser(op: UserOperation, userId: string): Promise<number> {
    const limit = {
      'password-change': this.env.PASSWORD_CHANGES_PER_HOUR,
      'sub-account-create': this.env.SUB_ACCOUNT_CREATIONS_PER_HOUR,
      'email-change': this.env.CONTACT_CHANGES_PER_HOUR,
    }[op];
    return this.window(`user:${op}:${userId}`, limit, HOUR_MS);
  }

  /** Seconds a login for this e-mail from this client must wait: its own failures, then everyone's. */
  async loginWait(email: string, client: string): Promise<number> {
    const [mine, all] = await Promise.all([
      this.store.peek(`login-fail:${email}:${client}`),
      this.store.peek(`login-fail:${email}`),
    ]);
    const env = this.env;
    const own = backoffSeconds(
      mine.count,
      env.LOGIN_FREE_FAILURES,
      env.LOGIN_BACKOFF_BASE_SECONDS,
      env.LOGIN_BACKOFF_MAX_SECONDS,
    );
    const shared = backoffSeconds(all.count, env.LOGIN_FREE_FAILURES_PER_EMAIL, 1, PER_EMAIL_MAX_BACKOFF_SECONDS);
    return Math.max(
      mine.count ? secondsLeft(own, FAILURE_MEMORY_MS, mine.resetInMs) : 0,
      all.count ? secondsLeft(shared, FAILURE_MEMORY_MS, all.resetInMs) : 0,
    );
  }

  async loginFailed(email: string, client: string): Promise<void> {
    await Promise.all([
      this.store.increment(`login-fail:${email}:${client}`, FAILURE_MEMORY_MS, true),
      this.store.increment(`login-fail:${email}`, FAILURE_MEMORY_MS, true),
    ]);
  }

  /** The right password clears this client's failures (not the ones other clients made). */
  async loginSucceeded(email: string, client: string): Promise<void> {
    await this.store.reset(`login-fail:${email}:${client}`);
  }

  /** E-mail conflicts (409) one user may meet per hour before its e-mail-changing calls get 429. */
  async conflictWait(userId: string): Promise<number> {
    const c = await this.store.peek(`conflict:${userId}`);
    return c.count >= this.env.EMAIL_CONFLICTS_PER_HOUR ? Math.max(1, Math.ceil(c.resetInMs / 1000)) : 0;
  }

  async conflictMet(userId: string): Promise<void> {
    await this.store.increment(`conflict:${userId}`, HOUR_MS);
  }

  private async window(key: string, limit: number, windowMs: number): Promise<number> {
    const c = await this.store.increment(key, windowMs);
    return c.count > limit ? Math.max(1, Math.ceil(c.resetInMs / 1000)) : 0;
  }
}
