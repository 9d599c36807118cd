import './instrument';
import 'reflect-metadata';
import { loadEnvOrExit } from '@sms/config';
import { runService } from '@sms/nats';
import { WalletEnv } from './wallet-env';
import { WalletModule } from './wallet.module';

const env = loadEnvOrExit(WalletEnv);
void runService({
  service: 'wallet',
  module: WalletModule.register(env),
  natsUrl: env.NATS_URL,
  natsPrefix: env.NATS_PREFIX,
  logLevel: env.LOG_LEVEL,
  metricsPort: env.METRICS_PORT,
  metricsHost: env.METRICS_HOST,
  otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
});
