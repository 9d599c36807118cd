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
}

export const IDENTITY_ENV = Symbol('IDENTITY_ENV');
