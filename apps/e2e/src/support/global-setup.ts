// Jest's globalSetup runs without moduleNameMapper, so no alias can be resolved here: the files
// themselves, not the index (some helpers in the index import other libs by alias).
/* eslint-disable @nx/enforce-module-boundaries */
import { AppStack, REPO_ROOT, replicasFromEnv } from '../../../../libs/testing/src/app-stack';
import { devAdminToken, TEST_SENDER_ALLOW_LIST } from '../../../../libs/testing/src/dev-senders';
import { createStackDatabase } from '../../../../libs/testing/src/stack-database';
import { adoptTestNats, resolveTestInfra, runToken } from '../../../../libs/testing/src/test-infra';
/* eslint-enable @nx/enforce-module-boundaries */
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { E2eState } from './e2e-state';

/**
 * Starts the whole system once for the e2e tier: a fresh database, an authenticated nats-server
 * of the run's own (libs/nats-auth permissions), a private NATS prefix,
 * every app as its own process (E2E_REPLICAS of each), the gateway on the port the OS gave it (it binds port 0).
 */
export default async function globalSetup(): Promise<void> {
  const infra = await resolveTestInfra();
  const token = runToken();
  const database = `sms_e2e_test_${token}`;
  // One role per service (`<database>_<service>`), owner of its own schema only: the apps connect
  // and migrate as it; the specs' own queries use the admin URL.
  const db = await createStackDatabase(infra.adminDatabaseUrl, database);
  const databaseUrl = db.adminUrl;
  // The run's authenticated nats-server: each app connects as its own user (AppStack), the specs
  // as the harness user.
  adoptTestNats(infra);
  const env: Record<string, string> = {
    NATS_URL: infra.natsUrl,
    NATS_PREFIX: `e${token}.`,
    LOG_LEVEL: 'info',
    ACCESS_TOKEN_TTL_SECONDS: '900',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    LOGIN_RATE_LIMIT_PER_EMAIL: '5',
    LOGIN_FREE_FAILURES: '5',
    // The rate limits count in Redis (shared by replicas); the tests reach the gateway through
    // loopback, named as the proxy so that X-Forwarded-For can stand for distinct clients.
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    REDIS_PREFIX: `e2e:rl:${token}:`,
    TRUST_PROXY: '127.0.0.1',
    SIM_DLR_DELAY_MS: '100',
    API_KEY_RATE_LIMIT_PER_MINUTE: '120',
    API_KEY_USAGE_FLUSH_MS: '500',
    // The readiness probe's per-service window (1 s by default) is missed by a busy service on a
    // shared, loaded test machine: /health/ready then answers 503 while every service is up.
    READY_TIMEOUT_MS: '15000',
    // Webhook receivers of the tests listen on 127.0.0.1 (http); retries fast enough to watch.
    WEBHOOK_ALLOWED_HOSTS: '127.0.0.1',
    WEBHOOK_RETRY_BASE_MS: '500',
    WEBHOOK_RETRY_MAX_MS: '5000',
    WEBHOOK_POLL_MS: '200',
    // One development signing key per run: identity has no default.
    JWT_SIGNING_KEYS: devSigningKeys(),
    // The operators' token of this run (the senders spec approves with it), and the custom senders
    // of the specs older than sender approval.
    ADMIN_TOKEN: devAdminToken(),
    SENDER_ALLOW_LIST: TEST_SENDER_ALLOW_LIST,
  };
  const logDir = path.join(REPO_ROOT, 'tmp/test-logs', `e2e-${token}`);
  // E2E_REPLICAS=2: two processes of every app, the gateways behind a round-robin balancer.
  const stack = new AppStack(env, logDir, undefined, db.serviceUrls, replicasFromEnv());
  try {
    await stack.start();
  } catch (err) {
    // No teardown runs after a failed setup: stop what it started (the run's nats-server too).
    await stack.stop();
    await db.drop();
    await infra.stop();
    throw err;
  }
  const state: E2eState = {
    baseUrl: stack.baseUrl,
    gatewayUrls: stack.gatewayUrls,
    databaseUrl,
    serviceDatabaseUrls: db.serviceUrls,
    roles: db.roles,
    env,
    logDir,
  };
  process.env.E2E_STATE = JSON.stringify(state);
  globalThis.__E2E__ = { stack, infra, database: db };
}

/** A development Ed25519 private JWK (kid `dev-…`) as JWT_SIGNING_KEYS. */
function devSigningKeys(): string {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return JSON.stringify([{ kty: 'OKP', crv: 'Ed25519', d: jwk.d, x: jwk.x, kid: `dev-${randomUUID()}` }]);
}
