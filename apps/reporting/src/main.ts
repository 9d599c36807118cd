import 'reflect-metadata';
import { loadEnvOrExit, ServiceEnv } from '@sms/config';
import { runService } from '@sms/nats';
import { ReportingModule } from './reporting.module';

const env = loadEnvOrExit(ServiceEnv);
void runService({
  service: 'reporting',
  module: ReportingModule.register(env),
  natsUrl: env.NATS_URL,
  logLevel: env.LOG_LEVEL,
});
