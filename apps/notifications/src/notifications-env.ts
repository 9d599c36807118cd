import { IsInt, IsString, Length, Matches, Max, MaxLength, Min } from 'class-validator';
import { ServiceEnv } from '@sms/config';

export class NotificationsEnv extends ServiceEnv {
  /** Where alert e-mails go out; smtp:// or smtps://, credentials in the URL if any. */
  @Matches(/^smtps?:\/\/.+/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL = 'smtp://127.0.0.1:1025';

  /** From header of the alert e-mails. */
  @IsString()
  @Length(3, 200)
  MAIL_FROM = 'SMS Platform <no-reply@sms-platform.example>';

  /** Where a customer buys credits; quoted in the alerts. */
  @Matches(/^https?:\/\/.+/, { message: 'must be an http(s) URL' })
  PURCHASE_URL = 'https://app.sms-platform.example/purchases';

  /** The console page of the forgotten-password mail; the token is appended as `?token=`. */
  @Matches(/^https?:\/\/.+/, { message: 'must be an http(s) URL' })
  PASSWORD_RESET_URL = 'https://app.sms-platform.example/password-reset';

  /** First retry delay of a failed delivery; doubles each time up to ALERT_RETRY_MAX_MS. */
  @IsInt()
  @Min(10)
  @Max(600_000)
  ALERT_RETRY_BASE_MS = 1000;

  @IsInt()
  @Min(100)
  @Max(3_600_000)
  ALERT_RETRY_MAX_MS = 60_000;

  /** Fallback poll of the alert queue; new alerts wake the dispatcher at once via LISTEN/NOTIFY. */
  @IsInt()
  @Min(50)
  @Max(60_000)
  ALERT_POLL_MS = 1000;

  /** Balance events applied in parallel by one replica (pullers on the one durable consumer). */
  @IsInt()
  @Min(1)
  @Max(32)
  ALERT_CONSUMER_CONCURRENCY = 8;

  /** Alerts (rows: one per channel) an account can get per UTC day; crossings past it are logged, not sent. */
  @IsInt()
  @Min(1)
  @Max(1000)
  ALERT_DAILY_CAP = 10;

  /** Verification codes an account can have sent (all its channels) per rolling day. */
  @IsInt()
  @Min(1)
  @Max(1000)
  ALERT_CODES_PER_ACCOUNT_PER_DAY = 10;

  /** Verification codes one e-mail address or number can receive per rolling day, whatever the account. */
  @IsInt()
  @Min(1)
  @Max(1000)
  ALERT_CODES_PER_RECIPIENT_PER_DAY = 5;

  /** Alerts delivered in parallel by one replica. */
  @IsInt()
  @Min(1)
  @Max(100)
  ALERT_SEND_CONCURRENCY = 10;

  /**
   * Hosts (`host` or `host:port`, comma-separated) that webhooks may reach although they resolve to
   * private or loopback addresses, and over plain http: for local receivers and tests. Empty by default.
   */
  @IsString()
  @MaxLength(2000)
  @Matches(/^$|^[A-Za-z0-9.\-\[\]:]+(,[A-Za-z0-9.\-\[\]:]+)*$/, {
    message: 'must be host or host:port, comma-separated',
  })
  WEBHOOK_ALLOWED_HOSTS = '';

  /**
   * Key that encrypts webhook signing secrets at rest (AES-256-GCM): 32 bytes as 64 hex characters or
   * base64. Empty: a fixed development key, refused when NODE_ENV=production.
   */
  @IsString()
  @Matches(/^$|^[0-9a-fA-F]{64}$|^[A-Za-z0-9+/_-]{43}=?$/, {
    message: 'must be 32 bytes as 64 hex or base64 characters',
  })
  WEBHOOK_SECRET_KEY = '';

  /** First retry delay of a failed webhook delivery; doubles each attempt (±25 % jitter) up to the max. */
  @IsInt()
  @Min(10)
  @Max(3_600_000)
  WEBHOOK_RETRY_BASE_MS = 30_000;

  @IsInt()
  @Min(100)
  @Max(86_400_000)
  WEBHOOK_RETRY_MAX_MS = 3_600_000;

  /** A delivery still failing this long after the event is given up (and the endpoint marked failing). */
  @IsInt()
  @Min(1000)
  @Max(7 * 86_400_000)
  WEBHOOK_GIVE_UP_AFTER_MS = 86_400_000;

  /** Whole-attempt timeout (connect, TLS, request, response head and capped body). */
  @IsInt()
  @Min(100)
  @Max(60_000)
  WEBHOOK_TIMEOUT_MS = 10_000;

  /**
   * Webhook POSTs in flight in one replica (and keep-alive sockets per receiver). A slot is busy for
   * the POST only, not for recording its result; a replica holds at most twice this many claims.
   */
  @IsInt()
  @Min(1)
  @Max(500)
  WEBHOOK_SEND_CONCURRENCY = 64;

  /** Fallback poll of the delivery queue (new deliveries wake the dispatcher at once). */
  @IsInt()
  @Min(20)
  @Max(60_000)
  WEBHOOK_POLL_MS = 1000;

  /**
   * Pullers on the message-status durable (the busiest source of webhook events). Each applies the
   * events at hand (up to 500) in one transaction, so a few keep up with bursts; more only overlap
   * their database round trips.
   */
  @IsInt()
  @Min(1)
  @Max(64)
  WEBHOOK_CONSUMER_CONCURRENCY = 4;
}

export const NOTIFICATIONS_ENV = Symbol('NOTIFICATIONS_ENV');
