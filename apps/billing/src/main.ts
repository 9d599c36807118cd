import 'reflect-metadata';
import { loadEnvOrExit, ServiceEnv } from '@sms/config';
import { runService } from '@sms/nats';
import { BillingModule } from './billing.module';

const env = loadEnvOrExit(ServiceEnv);
void runService({
  service: 'billing',
  module: BillingModule.register(env),
  natsUrl: env.NATS_URL,
  logLevel: env.LOG_LEVEL,
});
