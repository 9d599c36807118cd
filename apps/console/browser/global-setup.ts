// The e2e harness' stack for the browser tier: a fresh database, a private NATS prefix, every
// app as its own process; the gateway serves the console build from dist/console.
// Playwright's loader has no path aliases here, as jest's globalSetup in apps/e2e.
// eslint-disable-next-line @nx/enforce-module-boundaries
import {
  AppStack,
  devSigningKeys,
  createTestDatabase,
  dropTestDatabase,
  REPO_ROOT,
  resolveTestInfra,
  runToken,
} from '../../../libs/testing/src';
import { existsSync } from 'node:fs';
import * as path from 'node:path';

export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const file of ['dist/console/index.html', 'dist/apps/gateway/src/main.js']) {
    if (!existsSync(path.join(REPO_ROOT, file)))
      throw new Error(`${file} is missing: run \`npm run build && npm run build:console\` first`);
  }
  const infra = await resolveTestInfra();
  const token = runToken();
  const database = `sms_browser_test_${token}`;
  const databaseUrl = await createTestDatabase(infra.adminDatabaseUrl, database);
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    NATS_URL: infra.natsUrl,
    NATS_PREFIX: `b${token}.`,
    LOG_LEVEL: 'info',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    SIM_DLR_DELAY_MS: '100',
    JWT_SIGNING_KEYS: devSigningKeys(),
  };
  const stack = new AppStack(env, path.join(REPO_ROOT, 'tmp/test-logs', `browser-${token}`));
  try {
    await stack.start();
  } catch (err) {
    await stack.stop();
    throw err;
  }
  process.env.CONSOLE_BASE_URL = stack.baseUrl;
  return async () => {
    await stack.stop();
    await dropTestDatabase(infra.adminDatabaseUrl, database);
    await infra.stop();
  };
}
