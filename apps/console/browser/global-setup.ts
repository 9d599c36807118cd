// The e2e harness' stack for the browser tier: a fresh database, a private NATS prefix, every
// app as its own process; the gateway serves the console build from dist/console.
// Playwright's loader has no path aliases here, as jest's globalSetup in apps/e2e: the modules
// are imported one by one, not through libs/testing's index (some of it imports @sms/contracts).
/* eslint-disable @nx/enforce-module-boundaries */
import { AppStack, REPO_ROOT } from '../../../libs/testing/src/app-stack';
import { devSigningKeys } from '../../../libs/testing/src/signing-keys';
import { devAdminToken, TEST_SENDER_ALLOW_LIST } from '../../../libs/testing/src/dev-senders';
import { SmtpCatcher } from '../../../libs/testing/src/smtp-catcher';
import { createStackDatabase } from '../../../libs/testing/src/stack-database';
import { resolveTestInfra, runToken } from '../../../libs/testing/src/test-infra';
/* eslint-enable @nx/enforce-module-boundaries */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

export default async function globalSetup(): Promise<() => Promise<void>> {
  for (const file of ['dist/console/index.html', 'dist/apps/gateway/src/main.js']) {
    if (!existsSync(path.join(REPO_ROOT, file)))
      throw new Error(`${file} is missing: run \`npm run build && npm run build:console\` first`);
  }
  const infra = await resolveTestInfra();
  const token = runToken();
  const database = `sms_browser_test_${token}`;
  // One role per service of this database: the apps connect and migrate as their own.
  const db = await createStackDatabase(infra.adminDatabaseUrl, database);
  // Mails (password reset) go to a real SMTP server here; the specs run in other processes, so
  // what it caught is written to a file they read (MAIL_LOG).
  const smtp = new SmtpCatcher();
  await smtp.start();
  const mailLog = path.join(REPO_ROOT, 'tmp/browser-mails', `${token}.json`);
  mkdirSync(path.dirname(mailLog), { recursive: true });
  writeFileSync(mailLog, '[]');
  let written = 0;
  const flush = setInterval(() => {
    if (smtp.mails.length === written) return;
    written = smtp.mails.length;
    writeFileSync(mailLog, JSON.stringify(smtp.mails));
  }, 200);
  const env: Record<string, string> = {
    NATS_URL: infra.natsUrl,
    NATS_PREFIX: `b${token}.`,
    LOG_LEVEL: 'info',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    SIM_DLR_DELAY_MS: '100',
    JWT_SIGNING_KEYS: devSigningKeys(),
    SMTP_URL: smtp.url,
    // The webhooks spec's receiver listens on loopback over http (refused unless listed).
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    // The walk sets a custom default sender (FioriSR) without approval.
    SENDER_ALLOW_LIST: TEST_SENDER_ALLOW_LIST,
    ADMIN_TOKEN: devAdminToken(),
  };
  // Each app connects to the run's authenticated nats-server as its own user.
  const stack = new AppStack(
    env,
    path.join(REPO_ROOT, 'tmp/test-logs', `browser-${token}`),
    infra.natsCreds,
    db.serviceUrls,
  );
  try {
    await stack.start();
  } catch (err) {
    await stack.stop();
    clearInterval(flush);
    await smtp.stop();
    await db.drop();
    throw err;
  }
  process.env.CONSOLE_BASE_URL = stack.baseUrl;
  process.env.MAIL_LOG = mailLog;
  return async () => {
    await stack.stop();
    clearInterval(flush);
    await smtp.stop();
    await db.drop();
    await infra.stop();
  };
}
