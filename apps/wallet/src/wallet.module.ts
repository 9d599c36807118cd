import { DynamicModule, Module } from '@nestjs/common';
import { ServiceEnv } from '@sms/config';
import { DatabaseModule, healthControllerFor } from '@sms/database';

export const WALLET_MIGRATIONS: (new () => object)[] = [];

/** The wallet service. */
@Module({})
export class WalletModule {
  static register(env: ServiceEnv): DynamicModule {
    return {
      module: WalletModule,
      imports: [
        DatabaseModule.forService({
          url: env.DATABASE_URL,
          schema: 'wallet',
          entities: [],
          migrations: WALLET_MIGRATIONS,
        }),
      ],
      controllers: [healthControllerFor('wallet')],
    };
  }
}
