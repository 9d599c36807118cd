import './instrument';
import 'reflect-metadata';
import { loadEnvOrExit } from '@sms/config';
import { runService } from '@sms/nats';
import { NotificationsEnv } from './notifications-env';
import { NotificationsModule } from './notifications.module';

const env = loadEnvOrExit(NotificationsEnv);
void runService({
  service: 'notifications',
  module: NotificationsModule.register(env),
  natsUrl: env.NATS_URL,
  natsPrefix: env.NATS_PREFIX,
  logLevel: env.LOG_LEVEL,
  metricsPort: env.METRICS_PORT,
  metricsHost: env.METRICS_HOST,
  otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
});
