import { generateKeyPairSync, randomUUID } from 'node:crypto';
// Not './index': Jest loads this file without the @sms/* path aliases, and helpers in the index use them.
import { createTestDatabase } from './test-database';
import { adoptTestNats, resolveTestInfra, runToken, TestInfra } from './test-infra';

declare global {
  var __TEST_INFRA__: { infra: TestInfra; database: string; runPrefix: string } | undefined;
}

/**
 * Integration tier: one database, one authenticated nats-server and one NATS prefix per run, so a dev stack or a second
 * run on the same servers never collides with this one. Workers read them from env; each spec
 * file then narrows the prefix to its own (own-nats-prefix.ts, a setup file of the tier).
 */
export default async function globalSetup(): Promise<void> {
  const infra = await resolveTestInfra();
  const token = runToken();
  const database = `sms_int_test_${token}`;
  process.env.DATABASE_URL = await createTestDatabase(infra.adminDatabaseUrl, database);
  // The run's authenticated NATS: specs connect as the harness user (every permission) and sign
  // as the gateway; the permissions themselves are exercised by the e2e tier's apps.
  adoptTestNats(infra);
  process.env.NATS_PREFIX = `t${token}.`;
  // One development signing key per run: identity has no default.
  process.env.JWT_SIGNING_KEYS ||= devSigningKeys();
  globalThis.__TEST_INFRA__ = { infra, database, runPrefix: process.env.NATS_PREFIX };
}

/** A development Ed25519 private JWK (kid `dev-…`) as JWT_SIGNING_KEYS (globalSetup has no path aliases). */
function devSigningKeys(): string {
  const jwk = generateKeyPairSync('ed25519').privateKey.export({ format: 'jwk' });
  return JSON.stringify([{ kty: 'OKP', crv: 'Ed25519', d: jwk.d, x: jwk.x, kid: `dev-${randomUUID()}` }]);
}
