import 'reflect-metadata';
import { loadEnvOrExit } from '@sms/config';
import { runService } from '@sms/nats';
import { BillingEnv } from './billing-env';
import { BillingModule } from './billing.module';

const env = loadEnvOrExit(BillingEnv);
void runService({
  service: 'billing',
  module: BillingModule.register(env),
  natsUrl: env.NATS_URL,
  natsPrefix: env.NATS_PREFIX,
  logLevel: env.LOG_LEVEL,
  metricsPort: env.METRICS_PORT,
  metricsHost: env.METRICS_HOST,
});
