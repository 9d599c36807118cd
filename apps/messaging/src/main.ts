import 'reflect-metadata';
import { loadEnvOrExit, ServiceEnv } from '@sms/config';
import { runService } from '@sms/nats';
import { MessagingModule } from './messaging.module';

const env = loadEnvOrExit(ServiceEnv);
void runService({
  service: 'messaging',
  module: MessagingModule.register(env),
  natsUrl: env.NATS_URL,
  logLevel: env.LOG_LEVEL,
});
