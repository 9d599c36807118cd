import { DynamicModule, Module } from '@nestjs/common';
import { ServiceEnv } from '@sms/config';
import { DatabaseModule, healthControllerFor } from '@sms/database';

export const MESSAGING_MIGRATIONS: (new () => object)[] = [];

/** The messaging service. */
@Module({})
export class MessagingModule {
  static register(env: ServiceEnv): DynamicModule {
    return {
      module: MessagingModule,
      imports: [
        DatabaseModule.forService({
          url: env.DATABASE_URL,
          schema: 'messaging',
          entities: [],
          migrations: MESSAGING_MIGRATIONS,
        }),
      ],
      controllers: [healthControllerFor('messaging')],
    };
  }
}
