import { IsInt, IsString, Matches, Max, Min } from 'class-validator';
import { ServiceEnv } from '@sms/config';
import { IsSenderName } from '@sms/contracts';

export class IdentityEnv extends ServiceEnv {
  /** Same secret and lifetime as the gateway's: identity signs what the gateway verifies. */
  @IsString()
  @Matches(/^.{32,}$/, { message: 'must be at least 32 characters' })
  JWT_SECRET = 'dev-only-secret-change-me-0123456789abcdef';

  @IsInt()
  @Min(30)
  @Max(86400)
  ACCESS_TOKEN_TTL_SECONDS = 900;

  @IsInt()
  @Min(1)
  @Max(365)
  REFRESH_TOKEN_TTL_DAYS = 30;

  /** The platform's sender (same variable as messaging's): shown as `effectiveSender` when no account names one. */
  @IsSenderName()
  DEFAULT_SENDER = 'SMSINFO';

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
