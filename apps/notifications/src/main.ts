import 'reflect-metadata';
import { loadEnvOrExit, ServiceEnv } from '@sms/config';
import { runService } from '@sms/nats';
import { NotificationsModule } from './notifications.module';

const env = loadEnvOrExit(ServiceEnv);
void runService({
  service: 'notifications',
  module: NotificationsModule.register(env),
  natsUrl: env.NATS_URL,
  logLevel: env.LOG_LEVEL,
});
