import { DynamicModule, Module } from '@nestjs/common';
import { ServiceEnv } from '@sms/config';
import { DatabaseModule, healthControllerFor } from '@sms/database';

export const REPORTING_MIGRATIONS: (new () => object)[] = [];

/** The reporting service. */
@Module({})
export class ReportingModule {
  static register(env: ServiceEnv): DynamicModule {
    return {
      module: ReportingModule,
      imports: [
        DatabaseModule.forService({
          url: env.DATABASE_URL,
          schema: 'reporting',
          entities: [],
          migrations: REPORTING_MIGRATIONS,
        }),
      ],
      controllers: [healthControllerFor('reporting')],
    };
  }
}
