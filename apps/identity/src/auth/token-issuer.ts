import { Inject, Injectable } from '@nestjs/common';
import { signJws, SigningKey } from '@sms/config';
import { ACCESS_TOKEN_AUDIENCE, ACCESS_TOKEN_ISSUER, AccessTokenClaims, Jwks, TokenPair } from '@sms/contracts';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { IDENTITY_ENV, IdentityEnv } from '../identity-env';
import { UserRecord } from '../users/user.record';
import { RefreshTokenRepository } from './refresh-token.repository';

/** JWT_SIGNING_KEYS parsed at start (newest first). */
export const SIGNING_KEYS = Symbol('SIGNING_KEYS');

/**
 * Signs short-lived EdDSA access tokens with the newest key and opens or continues a
 * refresh-token family. Only identity holds private keys; gateways get the JWKS.
 */
@Injectable()
export class TokenIssuer {
  constructor(
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
    @Inject(SIGNING_KEYS) private readonly keys: SigningKey[],
    private readonly refreshTokens: RefreshTokenRepository,
  ) {}

  /** Every key still valid, so tokens signed by the previous key verify during the overlap. */
  jwks(): Jwks {
    return { keys: this.keys.map((k) => k.publicJwk) };
  }

  async issue(
    user: Pick<UserRecord, 'id' | 'accountId' | 'role' | 'parentAccountId'>,
    familyId: string = randomUUID(),
    em?: EntityManager,
  ): Promise<TokenPair> {
    const iat = Math.floor(Date.now() / 1000);
    const exp = iat + this.env.ACCESS_TOKEN_TTL_SECONDS;
    const refreshToken = await this.refreshTokens.issue(
      user.id,
      familyId,
      this.env.REFRESH_TOKEN_TTL_DAYS,
      new Date(exp * 1000),
      em,
    );
    const claims: AccessTokenClaims & Record<string, unknown> = {
      iss: ACCESS_TOKEN_ISSUER,
      aud: ACCESS_TOKEN_AUDIENCE,
      sub: user.id,
      acc: user.accountId,
      role: user.role,
      sid: familyId,
      iat,
      exp,
      jti: randomUUID(),
    };
    if (user.parentAccountId) claims.pac = user.parentAccountId;
    const key = this.keys[0];
    const accessToken = signJws(claims, key.kid, key.privateKey);
    return { accessToken, refreshToken, expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS };
  }
}
