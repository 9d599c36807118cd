import { DynamicModule, Module } from '@nestjs/common';
import { parseSigningKeys, SigningKey } from '@sms/config';
import { DatabaseModule, healthControllerFor } from '@sms/database';
import { AccountsQueryModule } from './accounts-query/accounts-query.module';
import { AuthMessageController } from './auth/auth.message.controller';
import { AuthService } from './auth/auth.service';
import { JwksMessageController } from './auth/jwks.message.controller';
import { PasswordHasher } from './auth/password-hasher';
import { RefreshTokenRepository } from './auth/refresh-token.repository';
import { SessionRevoker } from './auth/session-revoker';
import { SIGNING_KEYS, TokenIssuer } from './auth/token-issuer';
import { IDENTITY_ENV, IdentityEnv } from './identity-env';
import { IdentityInit1764201600000 } from './migrations/1764201600000-identity-init';
import { IdentityRevokedSessions1764500000000 } from './migrations/1764500000000-identity-revoked-sessions';
import { IdentityAccessTokenExpiry1764900000000 } from './migrations/1764900000000-identity-access-token-expiry';
import { ManagerRepository } from './managers/manager.repository';
import { ManagersMessageController } from './managers/managers.message.controller';
import { ManagersService } from './managers/managers.service';
import { SessionRevocationPublisher } from './managers/session-revocation.publisher';
import { ProfileMessageController } from './profile/profile.message.controller';
import { ProfileService } from './profile/profile.service';
import { AccountRepository } from './users/account.repository';
import { UserRepository } from './users/user.repository';

export const IDENTITY_MIGRATIONS = [
  IdentityInit1764201600000,
  IdentityRevokedSessions1764500000000,
  IdentityAccessTokenExpiry1764900000000,
];

/** Users, logins and the account profile. */
@Module({})
export class IdentityModule {
  static register(
    env: IdentityEnv,
    signingKeys: SigningKey[] = parseSigningKeys(env.JWT_SIGNING_KEYS, process.env.NODE_ENV),
  ): DynamicModule {
    return {
      module: IdentityModule,
      imports: [
        DatabaseModule.forService({
          url: env.DATABASE_URL,
          schema: 'identity',
          entities: [],
          migrations: IDENTITY_MIGRATIONS,
        }),
        AccountsQueryModule,
      ],
      controllers: [
        AuthMessageController,
        ProfileMessageController,
        ManagersMessageController,
        healthControllerFor('identity'),
        JwksMessageController,
      ],
      providers: [
        { provide: IDENTITY_ENV, useValue: env },
        { provide: SIGNING_KEYS, useValue: signingKeys },
        AccountRepository,
        UserRepository,
        RefreshTokenRepository,
        PasswordHasher,
        TokenIssuer,
        AuthService,
        ProfileService,
        ManagerRepository,
        ManagersService,
        SessionRevocationPublisher,
        SessionRevoker,
      ],
    };
  }
}
