import { DynamicModule, Module } from '@nestjs/common';
import { ServiceEnv } from '@sms/config';
import { DatabaseModule, healthControllerFor } from '@sms/database';

export const BILLING_MIGRATIONS: (new () => object)[] = [];

/** The billing service. */
@Module({})
export class BillingModule {
  static register(env: ServiceEnv): DynamicModule {
    return {
      module: BillingModule,
      imports: [
        DatabaseModule.forService({
          url: env.DATABASE_URL,
          schema: 'billing',
          entities: [],
          migrations: BILLING_MIGRATIONS,
        }),
      ],
      controllers: [healthControllerFor('billing')],
    };
  }
}
