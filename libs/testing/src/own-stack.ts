import * as path from 'node:path';
import { AppStack, replicasFromEnv, REPO_ROOT } from './app-stack';
import { devSigningKeys } from './signing-keys';
import { createStackDatabase, StackDatabase } from './stack-database';
import { devAdminToken, TEST_SENDER_ALLOW_LIST } from './dev-senders';
import { resolveTestInfra, runToken, TestInfra } from './test-infra';

export interface OwnStack {
  stack: AppStack;
  /** The database as its admin, for the test's own queries (the apps connect as their roles: `database`). */
  databaseUrl: string;
  database: StackDatabase;
  infra: TestInfra;
  /** Stops the apps, drops the database and releases the infrastructure. */
  stop(): Promise<void>;
}

/**
 * A whole stack for one spec file: its own database `sms_<name>_test_<token>` with one role per
 * service (`sms_<name>_test_<token>_<service>`, dropped with it), its own NATS prefix
 * and logs under tmp/test-logs/<name>-<token>, started and ready. For tests that restart apps or
 * need settings of their own (an SMTP catcher, metrics ports) without disturbing the shared stack.
 * `env(infra)` gives the apps' environment; the database, NATS URL and prefix are set over it.
 * `replicas`: processes of every app (E2E_REPLICAS, 1 by default).
 */
export async function startOwnStack(
  name: string,
  env: (infra: TestInfra) => Record<string, string>,
  replicas = replicasFromEnv(),
): Promise<OwnStack> {
  if (!/^[a-z0-9]+$/.test(name)) throw new Error(`stack name must be lowercase letters and digits: ${name}`);
  const infra = await resolveTestInfra();
  const token = runToken();
  const database = `sms_${name}_test_${token}`;
  const db = await createStackDatabase(infra.adminDatabaseUrl, database);
  const databaseUrl = db.adminUrl;
  const stack = new AppStack(
    {
      JWT_SIGNING_KEYS: devSigningKeys(),
      ADMIN_TOKEN: devAdminToken(),
      SENDER_ALLOW_LIST: TEST_SENDER_ALLOW_LIST,
      ...env(infra),
      NATS_URL: infra.natsUrl,
      NATS_PREFIX: `${name}${token}.`,
    },
    path.join(REPO_ROOT, 'tmp/test-logs', `${name}-${token}`),
    // Each app connects as its own user of the run's authenticated nats-server (a tier without a
    // globalSetup, like the scrape tier, has its own server).
    infra.natsCreds,
    // Each service connects as its own role of this database (createStackDatabase).
    db.serviceUrls,
    replicas,
  );
  const stop = async (): Promise<void> => {
    await stack.stop();
    await db.drop();
    await infra.stop();
  };
  try {
    await stack.start();
  } catch (err) {
    await stop();
    throw err;
  }
  return { stack, databaseUrl, database: db, infra, stop };
}
