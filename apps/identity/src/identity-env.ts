import { IsInt, IsString, Max, Min } from 'class-validator';
import { ServiceEnv } from '@sms/config';

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
}

export const IDENTITY_ENV = Symbol('IDENTITY_ENV');
