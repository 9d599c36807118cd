import * as path from 'node:path';
import { AppStack, REPO_ROOT } from './app-stack';
import { devSigningKeys } from './signing-keys';
import { devAdminToken, TEST_SENDER_ALLOW_LIST } from './dev-senders';
import { createTestDatabase, dropTestDatabase } from './test-database';
import { resolveTestInfra, runToken, TestInfra } from './test-infra';

export interface OwnStack {
  stack: AppStack;
  databaseUrl: string;
  infra: TestInfra;
  /** Stops the apps, drops the database and releases the infrastructure. */
  stop(): Promise<void>;
}

/**
 * A whole stack for one spec file: its own database `sms_<name>_test_<token>`, its own NATS prefix
 * and logs under tmp/test-logs/<name>-<token>, started and ready. For tests that restart apps or
 * need settings of their own (an SMTP catcher, metrics ports) without disturbing the shared stack.
 * `env(infra)` gives the apps' environment; the database, NATS URL and prefix are set over it.
 */
export async function startOwnStack(
  name: string,
  env: (infra: TestInfra) => Record<string, string>,
): Promise<OwnStack> {
  if (!/^[a-z0-9]+$/.test(name)) throw new Error(`stack name must be lowercase letters and digits: ${name}`);
  const infra = await resolveTestInfra();
  const token = runToken();
  const database = `sms_${name}_test_${token}`;
  const databaseUrl = await createTestDatabase(infra.adminDatabaseUrl, database);
  const stack = new AppStack(
    {
      JWT_SIGNING_KEYS: devSigningKeys(),
      ADMIN_TOKEN: devAdminToken(),
      SENDER_ALLOW_LIST: TEST_SENDER_ALLOW_LIST,
      ...env(infra),
      DATABASE_URL: databaseUrl,
      NATS_URL: infra.natsUrl,
      NATS_PREFIX: `${name}${token}.`,
    },
    path.join(REPO_ROOT, 'tmp/test-logs', `${name}-${token}`),
    // Each app connects as its own user of the run's authenticated nats-server (a tier without a
    // globalSetup, like the scrape tier, has its own server).
    infra.natsCreds,
  );
  const stop = async (): Promise<void> => {
    await stack.stop();
    await dropTestDatabase(infra.adminDatabaseUrl, database);
    await infra.stop();
  };
  try {
    await stack.start();
  } catch (err) {
    await stop();
    throw err;
  }
  return { stack, databaseUrl, infra, stop };
}
