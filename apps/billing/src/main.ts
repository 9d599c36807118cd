import './instrument';
import 'reflect-metadata';
import { loadEnvOrExit } from '@sms/config';
import { runService } from '@sms/nats';
import { BillingEnv, paymentSettingsProblem } from './billing-env';
import { BillingModule } from './billing.module';

const env = loadEnvOrExit(BillingEnv);
const problem = paymentSettingsProblem(env, process.env);
if (problem) {
  process.stderr.write(`billing refuses to start: ${problem}\n`);
  process.exit(1);
}
void runService({
  service: 'billing',
  module: BillingModule.register(env),
  natsUrl: env.NATS_URL,
  natsPrefix: env.NATS_PREFIX,
  logLevel: env.LOG_LEVEL,
  metricsPort: env.METRICS_PORT,
  metricsHost: env.METRICS_HOST,
  otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
});
