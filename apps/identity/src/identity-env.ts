import { IsInt, IsString, Max, Min } from 'class-validator';
import { ServiceEnv } from '@sms/config';
import { IsE164 } from '@sms/contracts';

export class IdentityEnv extends ServiceEnv {
  /**
   * Ed25519 private JWKs, newest first, as a JSON array (parsed and checked at start by
   * parseSigningKeys: no default; `npm start` and the test harness generate development keys,
   * which NODE_ENV=production refuses). The newest signs; all are published in the JWKS.
   */
  @IsString()
  JWT_SIGNING_KEYS = '';

  @IsInt()
  @Min(30)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /**
   * The platform's shared numeric sender (same variable as messaging's): `effectiveSender` when no
   * account names one, and the only sender replies can reach (`repliesDisabled` is false for it).
   */
  @IsE164()
  SHARED_NUMBER = '+393400000100';

  /**
   * Senders every account may use without listing them (comma-separated, exact spelling): for
   * development and tests only (`npm start` and the test harnesses set it); empty in production.
   */
  @IsString()
  SENDER_ALLOW_LIST = '';

  /** Verification codes sent for numeric senders per account per rolling day (free system SMS). */
  @IsInt()
  @Min(1)
  @Max(1000)
  SENDER_CODES_PER_ACCOUNT_PER_DAY = 10;

  /** Verification codes sent to one number per rolling day, whichever accounts ask. */
  @IsInt()
  @Min(1)
  @Max(100)
  SENDER_CODES_PER_NUMBER_PER_DAY = 3;

  /** The most senders one account may list. */
  @IsInt()
  @Min(1)
  @Max(10_000)
  SENDERS_PER_ACCOUNT_MAX = 50;

  /** How long a password-reset token is valid. */
  @IsInt()
  @Min(60)
  @Max(86400)
  PASSWORD_RESET_TTL_SECONDS = 3600;

  /** Reset mails per login per hour; further requests still answer 202 and send nothing. */
  @IsInt()
  @Min(1)
  @Max(100)
  PASSWORD_RESET_MAX_PER_HOUR = 3;
}

export const IDENTITY_ENV = Symbol('IDENTITY_ENV');
