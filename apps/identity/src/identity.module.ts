import { RpcModule } from '@sms/nats';
import { DynamicModule, Module } from '@nestjs/common';
import { parseSigningKeys, SigningKey } from '@sms/config';
import { DatabaseModule, healthControllerFor } from '@sms/database';
import { EventsModule } from '@sms/events';
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
import { IdentityOutbox1764800000000 } from './migrations/1764800000000-identity-outbox';
import { IdentityPasswordResets1764800000001 } from './migrations/1764800000001-identity-password-resets';
import { PasswordResetMessageController } from './password-reset/password-reset.message.controller';
import { PasswordResetRepository } from './password-reset/password-reset.repository';
import { PasswordResetService } from './password-reset/password-reset.service';
import { ManagerContactEvents } from './managers/manager-contact.events';
import { IdentityApiKeys1764700000000 } from './migrations/1764700000000-identity-api-keys';
import { ApiKeyRepository } from './api-keys/api-key.repository';
import { ApiKeysMessageController } from './api-keys/api-keys.message.controller';
import { ApiKeysService } from './api-keys/api-keys.service';
import { IdentityAccessTokenExpiry1764900000000 } from './migrations/1764900000000-identity-access-token-expiry';
import { IdentityOutboxTraceparent1765400000000 } from './migrations/1765400000000-identity-outbox-traceparent';
import { ManagerRepository } from './managers/manager.repository';
import { ManagersMessageController } from './managers/managers.message.controller';
import { ManagersService } from './managers/managers.service';
import { SessionRevocationPublisher } from './managers/session-revocation.publisher';
import { IdentitySenders1765000000000 } from './migrations/1765000000000-identity-senders';
import { SenderCodesService } from './senders/sender-codes.service';
import { SenderRepository } from './senders/sender.repository';
import { SendersMessageController } from './senders/senders.message.controller';
import { SendersService } from './senders/senders.service';
import { ProfileMessageController } from './profile/profile.message.controller';
import { ProfileService } from './profile/profile.service';
import { AccountRepository } from './users/account.repository';
import { UserRepository } from './users/user.repository';

export const IDENTITY_MIGRATIONS = [
  IdentityInit1764201600000,
  IdentityRevokedSessions1764500000000,
  IdentityOutbox1764800000000,
  IdentityPasswordResets1764800000001,
  IdentityApiKeys1764700000000,
  IdentityAccessTokenExpiry1764900000000,
  IdentitySenders1765000000000,
  IdentityOutboxTraceparent1765400000000,
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
        RpcModule.forService('identity', env),
        DatabaseModule.forService({
          url: env.DATABASE_URL,
          schema: 'identity',
          entities: [],
          migrations: IDENTITY_MIGRATIONS,
        }),
        EventsModule.forService({
          schema: 'identity',
          service: 'identity',
          natsUrl: env.NATS_URL,
          natsPrefix: env.NATS_PREFIX,
        }),
        AccountsQueryModule,
      ],
      controllers: [
        AuthMessageController,
        ProfileMessageController,
        ManagersMessageController,
        PasswordResetMessageController,
        healthControllerFor('identity'),
        ApiKeysMessageController,
        JwksMessageController,
        SendersMessageController,
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
        ManagerContactEvents,
        PasswordResetRepository,
        PasswordResetService,
        ApiKeyRepository,
        ApiKeysService,
        SessionRevoker,
        SenderRepository,
        SenderCodesService,
        SendersService,
      ],
    };
  }
}
