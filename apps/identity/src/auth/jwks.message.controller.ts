import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';

import { IdentityRpc, Jwks } from '@sms/contracts';
import { TokenIssuer } from './token-issuer';

/** The public keys that verify access tokens: gateways fetch and cache them by `kid`. */
@Controller()
export class JwksMessageController {
  constructor(private readonly tokens: TokenIssuer) {}

  @Handles(IdentityRpc.jwks)
  jwks(): Jwks {
    return this.tokens.jwks();
  }
}
