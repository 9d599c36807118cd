import './instrument';
import 'reflect-metadata';
import { loadEnvOrExit } from '@sms/config';
import { runService } from '@sms/nats';
import { ReportingEnv } from './reporting-env';
import { ReportingModule } from './reporting.module';

const env = loadEnvOrExit(ReportingEnv);
void runService({
  service: 'reporting',
  module: ReportingModule.register(env),
  natsUrl: env.NATS_URL,
  natsPrefix: env.NATS_PREFIX,
  logLevel: env.LOG_LEVEL,
  metricsPort: env.METRICS_PORT,
  metricsHost: env.METRICS_HOST,
  otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
});
