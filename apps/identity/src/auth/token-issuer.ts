import { Inject, Injectable } from '@nestjs/common';
import { AccessTokenClaims, TokenPair } from '@sms/contracts';
import * as jwt from 'jsonwebtoken';
import { createSecretKey, KeyObject, randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { IDENTITY_ENV, IdentityEnv } from '../identity-env';
import { UserRecord } from '../users/user.record';
import { RefreshTokenRepository } from './refresh-token.repository';

/** Signs short-lived HS256 access tokens and opens or continues a refresh-token family. */
@Injectable()
export class TokenIssuer {
  /** Made once: a string secret makes jsonwebtoken try it as a public key on every call. */
  private readonly key: KeyObject;

  constructor(
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
    private readonly refreshTokens: RefreshTokenRepository,
  ) {
    this.key = createSecretKey(Buffer.from(env.JWT_SECRET, 'utf8'));
  }

  async issue(
    user: Pick<UserRecord, 'id' | 'accountId' | 'role' | 'parentAccountId'>,
    familyId: string = randomUUID(),
    em?: EntityManager,
  ): Promise<TokenPair> {
    const exp = Math.floor(Date.now() / 1000) + this.env.ACCESS_TOKEN_TTL_SECONDS;
    const refreshToken = await this.refreshTokens.issue(
      user.id,
      familyId,
      this.env.REFRESH_TOKEN_TTL_DAYS,
      new Date(exp * 1000),
      em,
    );
    const claims: AccessTokenClaims & { exp: number } = {
      sub: user.id,
      acc: user.accountId,
      role: user.role,
      sid: familyId,
      exp,
    };
    if (user.parentAccountId) claims.pac = user.parentAccountId;
    const accessToken = jwt.sign(claims, this.key, {
      algorithm: 'HS256',
      jwtid: randomUUID(),
    });
    return { accessToken, refreshToken, expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS };
  }
}
