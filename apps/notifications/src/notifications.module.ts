import { DynamicModule, Module } from '@nestjs/common';
import { ServiceEnv } from '@sms/config';
import { DatabaseModule, healthControllerFor } from '@sms/database';

export const NOTIFICATIONS_MIGRATIONS: (new () => object)[] = [];

/** The notifications service. */
@Module({})
export class NotificationsModule {
  static register(env: ServiceEnv): DynamicModule {
    return {
      module: NotificationsModule,
      imports: [
        DatabaseModule.forService({
          url: env.DATABASE_URL,
          schema: 'notifications',
          entities: [],
          migrations: NOTIFICATIONS_MIGRATIONS,
        }),
      ],
      controllers: [healthControllerFor('notifications')],
    };
  }
}
