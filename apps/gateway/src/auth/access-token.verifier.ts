import { Inject, Injectable } from '@nestjs/common';
import { AccessTokenClaims, Actor, ROLES, UnauthorizedError } from '@sms/contracts';
import * as jwt from 'jsonwebtoken';
import { GATEWAY_ENV, GatewayEnv } from '../gateway-env';

export interface VerifiedToken {
  actor: Actor;
  sessionId: string;
  issuedAt: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Verifies access tokens locally: HS256 only (so `alg: none` and key confusion fail), expiry enforced. */
@Injectable()
export class AccessTokenVerifier {
  constructor(@Inject(GATEWAY_ENV) private readonly env: GatewayEnv) {}

  verify(token: string): VerifiedToken {
    let claims: AccessTokenClaims & { iat?: number };
    try {
      claims = jwt.verify(token, this.env.JWT_SECRET, { algorithms: ['HS256'] }) as AccessTokenClaims & {
        iat?: number;
      };
    } catch (err) {
      const expired = err instanceof jwt.TokenExpiredError;
      throw new UnauthorizedError(
        expired ? 'The access token has expired.' : 'The access token is not valid.',
        expired ? 'token-expired' : 'token-invalid',
      );
    }
    if (!UUID.test(claims.sub ?? '') || !UUID.test(claims.acc ?? '') || !ROLES.includes(claims.role)) {
      throw new UnauthorizedError('The access token is not valid.', 'token-invalid');
    }
    const actor: Actor = { userId: claims.sub, accountId: claims.acc, role: claims.role };
    if (claims.pac) actor.parentAccountId = claims.pac;
    return { actor, sessionId: claims.sid, issuedAt: claims.iat ?? 0 };
  }
}
