import 'reflect-metadata';
import { loadEnvOrExit, ServiceEnv } from '@sms/config';
import { runService } from '@sms/nats';
import { WalletModule } from './wallet.module';

const env = loadEnvOrExit(ServiceEnv);
void runService({
  service: 'wallet',
  module: WalletModule.register(env),
  natsUrl: env.NATS_URL,
  logLevel: env.LOG_LEVEL,
});
