import './instrument';
import 'reflect-metadata';
import { loadEnvOrExit } from '@sms/config';
import { runService } from '@sms/nats';
import { MessagingEnv } from './messaging-env';
import { MessagingModule } from './messaging.module';

const env = loadEnvOrExit(MessagingEnv);
void runService({
  service: 'messaging',
  module: MessagingModule.register(env),
  natsUrl: env.NATS_URL,
  natsPrefix: env.NATS_PREFIX,
  logLevel: env.LOG_LEVEL,
  metricsPort: env.METRICS_PORT,
  metricsHost: env.METRICS_HOST,
  otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
});
