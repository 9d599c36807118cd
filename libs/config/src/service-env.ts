import { IsIn, IsInt, IsString, Matches, Max, Min, ValidateIf } from 'class-validator';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** Variables every service process reads. Apps extend it with their own. */
export class ServiceEnv {
  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/sms_account';

  @Matches(/^(nats|tls):\/\/.+/, { message: 'must be a nats:// URL' })
  NATS_URL = 'nats://127.0.0.1:4222';

  /** Prepended to every subject, queue and stream name: lets test runs and dev stacks share one NATS. */
  @Matches(/^([a-z0-9_-]+\.)?$/, { message: 'must be empty or a lowercase token ending with a dot, e.g. "t123."' })
  NATS_PREFIX = '';

  @IsInt()
  @Min(100)
  @Max(120000)
  NATS_REQUEST_TIMEOUT_MS = 5000;

  @IsIn(LOG_LEVELS as unknown as string[])
  LOG_LEVEL: LogLevel = 'info';

  /** Prometheus listener (`GET /metrics`) of a service: -1 none, 0 any free port (logged), else that port. */
  @IsInt()
  @Min(-1)
  @Max(65535)
  METRICS_PORT = -1;

  /** Address the metrics listener binds (0.0.0.0 inside a container, so the scraper reaches it). */
  @IsString()
  METRICS_HOST = '127.0.0.1';

  /**
   * OTLP/HTTP collector base URL (spans are POSTed to `<url>/v1/traces` as OTLP JSON); empty: no
   * export, trace ids still travel in headers and logs.
   */
  @ValidateIf((env: ServiceEnv) => env.OTEL_EXPORTER_OTLP_ENDPOINT !== '')
  @Matches(/^https?:\/\/[^\s]+$/, { message: 'must be empty or an http(s):// URL' })
  OTEL_EXPORTER_OTLP_ENDPOINT = '';
}

/** Access-token lifetime (EdDSA keys: identity's JWT_SIGNING_KEYS, see signing-keys.ts). */
export class JwtEnv {
  @IsInt()
  @Min(30)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;
}
