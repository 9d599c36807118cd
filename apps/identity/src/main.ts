import 'reflect-metadata';
import { loadEnvOrExit } from '@sms/config';
import { runService } from '@sms/nats';
import { IdentityEnv } from './identity-env';
import { IdentityModule } from './identity.module';

const env = loadEnvOrExit(IdentityEnv);
void runService({
  service: 'identity',
  module: IdentityModule.register(env),
  natsUrl: env.NATS_URL,
  logLevel: env.LOG_LEVEL,
  metricsPort: env.METRICS_PORT,
  metricsHost: env.METRICS_HOST,
});
