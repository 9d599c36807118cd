import { Inject, Injectable } from '@nestjs/common';
import { AccessTokenClaims, TokenPair } from '@sms/contracts';
import * as jwt from 'jsonwebtoken';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { IDENTITY_ENV, IdentityEnv } from '../identity-env';
import { UserRecord } from '../users/user.record';
import { RefreshTokenRepository } from './refresh-token.repository';

/** Signs short-lived HS256 access tokens and opens or continues a refresh-token family. */
@Injectable()
export class TokenIssuer {
  constructor(
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
    private readonly refreshTokens: RefreshTokenRepository,
  ) {}

  async issue(
    user: Pick<UserRecord, 'id' | 'accountId' | 'role' | 'parentAccountId'>,
    familyId: string = randomUUID(),
    em?: EntityManager,
  ): Promise<TokenPair> {
    const refreshToken = await this.refreshTokens.issue(user.id, familyId, this.env.REFRESH_TOKEN_TTL_DAYS, em);
    const claims: AccessTokenClaims = { sub: user.id, acc: user.accountId, role: user.role, sid: familyId };
    if (user.parentAccountId) claims.pac = user.parentAccountId;
    const accessToken = jwt.sign(claims, this.env.JWT_SECRET, {
      algorithm: 'HS256',
      expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS,
      jwtid: randomUUID(),
    });
    return { accessToken, refreshToken, expiresIn: this.env.ACCESS_TOKEN_TTL_SECONDS };
  }
}
