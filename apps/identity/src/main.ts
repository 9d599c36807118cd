import './instrument';
import 'reflect-metadata';
import { loadEnvOrExit, parseSigningKeys, SigningKey } from '@sms/config';
import { runService } from '@sms/nats';
import { IdentityEnv } from './identity-env';
import { IdentityModule } from './identity.module';

const env = loadEnvOrExit(IdentityEnv);
let signingKeys: SigningKey[] = [];
try {
  signingKeys = parseSigningKeys(env.JWT_SIGNING_KEYS, process.env.NODE_ENV);
} catch (err) {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
}
void runService({
  service: 'identity',
  module: IdentityModule.register(env, signingKeys),
  natsUrl: env.NATS_URL,
  natsPrefix: env.NATS_PREFIX,
  logLevel: env.LOG_LEVEL,
  metricsPort: env.METRICS_PORT,
  metricsHost: env.METRICS_HOST,
  otlpEndpoint: env.OTEL_EXPORTER_OTLP_ENDPOINT,
});
