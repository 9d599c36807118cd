import { IsInt, IsString, Max, Min } from 'class-validator';
import { ServiceEnv } from '@sms/config';

export class GatewayEnv extends ServiceEnv {
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  HOST = '0.0.0.0';

  /** Largest accepted request body; larger ones get 413. */
  @IsInt()
  @Min(1024)
  @Max(50 * 1024 * 1024)
  BODY_LIMIT_BYTES = 1024 * 1024;

  /** Requests per minute per client address on each auth endpoint (signup, login, refresh). */
  @IsInt()
  @Min(1)
  AUTH_RATE_LIMIT_PER_MINUTE = 20;

  /** Password-reset requests per minute for one e-mail address, whatever the client address. */
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_PER_EMAIL = 10;

  /** Failed logins for one e-mail from one client before it must wait (then the wait doubles per failure). */
  @IsInt()
  @Min(1)
  LOGIN_FREE_FAILURES = 5;

  /** The first wait after the free failures, in seconds. */
  @IsInt()
  @Min(1)
  LOGIN_BACKOFF_BASE_SECONDS = 10;

  /** The longest wait a client's own failures impose, in seconds. */
  @IsInt()
  @Min(1)
  LOGIN_BACKOFF_MAX_SECONDS = 900;

  /** Failed logins for one e-mail from all clients together before every client waits (1 s doubling, 30 s at most). */
  @IsInt()
  @Min(1)
  LOGIN_FREE_FAILURES_PER_EMAIL = 50;

  /** Password changes per user and hour. */
  @IsInt()
  @Min(1)
  PASSWORD_CHANGES_PER_HOUR = 10;

  /** Sub-accounts one user may create per hour. */
  @IsInt()
  @Min(1)
  SUB_ACCOUNT_CREATIONS_PER_HOUR = 200;

  /** Contact or manager e-mail changes per user and hour. */
  @IsInt()
  @Min(1)
  CONTACT_CHANGES_PER_HOUR = 30;

  /** "E-mail already used" (409) answers one user may get per hour; then those operations get 429 (no e-mail enumeration). */
  @IsInt()
  @Min(1)
  EMAIL_CONFLICTS_PER_HOUR = 5;

  /** Redis shared by every gateway replica for the rate limits (redis://host:port[/db]); empty: this process's memory. */
  @IsString()
  REDIS_URL = '';

  /** Prepended to every rate-limit key in Redis (lets dev stacks and test runs share one Redis). */
  @IsString()
  REDIS_PREFIX = 'sms:rl:';

  /**
   * Proxies whose X-Forwarded-For is believed (comma-separated addresses or CIDRs, e.g.
   * `10.0.0.0/8,127.0.0.1`); empty: none, the client is the TCP peer.
   */
  @IsString()
  TRUST_PROXY = '';

  /** Comma-separated origins allowed by CORS (e.g. https://app.example.com); empty allows none. */
  @IsString()
  CORS_ORIGINS = '';

  /** How long the readiness probe waits for each service. */
  @IsInt()
  @Min(100)
  READY_TIMEOUT_MS = 1000;

  /** Requests per minute allowed to one API key (X-Api-Key), on top of nothing else. */
  @IsInt()
  @Min(1)
  API_KEY_RATE_LIMIT_PER_MINUTE = 600;

  /** How long a verified (or unknown) API key stays cached; bounds a missed revocation broadcast. */
  @IsInt()
  @Min(1000)
  @Max(300_000)
  API_KEY_CACHE_TTL_MS = 30_000;

  /** How often the gateway reports keys' lastUsedAt to identity (one message per batch). */
  @IsInt()
  @Min(100)
  @Max(300_000)
  API_KEY_USAGE_FLUSH_MS = 5_000;

  /** The web console's build served at `/`; empty means dist/console beside the compiled apps. */
  @IsString()
  CONSOLE_DIR = '';

  /** The revoked-sessions list is reloaded this often (broadcasts cover the time between). */
  @IsInt()
  @Min(100)
  REVOCATIONS_RELOAD_MS = 30_000;

  /** Owner and manager tokens get 503 while the list is older than this (or never loaded). */
  @IsInt()
  @Min(1000)
  REVOCATIONS_MAX_AGE_MS = 90_000;
}

export const GATEWAY_ENV = Symbol('GATEWAY_ENV');
