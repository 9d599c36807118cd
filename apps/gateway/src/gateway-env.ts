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

  /** Login attempts per minute for one e-mail address, whatever the client address. */
  @IsInt()
  @Min(1)
  LOGIN_RATE_LIMIT_PER_EMAIL = 10;

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
