// Development access-token signing key (Ed25519 private JWK, kid `dev-…`) for `npm start`,
// the benchmarks and the chaos stack when JWT_SIGNING_KEYS is not set: generated once into
// <repo>/.data/jwt-signing-keys.json and reused. NODE_ENV=production refuses `dev-` keys.
// `node dist/tools/dev-stack/keys.js` prints a new JWT_SIGNING_KEYS value (development kid).
// Likewise the gateway's ADMIN_TOKEN (operators' routes): .data/admin-token, `dev-…`, refused in production.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

type Env = Record<string, string | undefined>;

export function generateSigningKeys(kid = `dev-${crypto.randomUUID()}`): string {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return JSON.stringify([{ kty: 'OKP', crv: 'Ed25519', d: jwk.d, x: jwk.x, kid }]);
}

/** JWT_SIGNING_KEYS from env, else the development key under .data (made on first use). */
export function devSigningKeys(env: Env, repoRoot: string): string {
  if (env.JWT_SIGNING_KEYS) return env.JWT_SIGNING_KEYS;
  const file = path.join(repoRoot, '.data', 'jwt-signing-keys.json');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, generateSigningKeys(), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/** A development admin token (`dev-` + 32 random bytes): NODE_ENV=production refuses `dev-` tokens. */
export function generateAdminToken(): string {
  return `dev-${crypto.randomBytes(32).toString('base64url')}`;
}

/** ADMIN_TOKEN from env, else the development token in .data/admin-token (made on first use). */
export function devAdminToken(env: Env, repoRoot: string): string {
  if (env.ADMIN_TOKEN) return env.ADMIN_TOKEN;
  const file = path.join(repoRoot, '.data', 'admin-token');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${generateAdminToken()}\n`, { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

/**
 * Senders every account may use on a development stack without approval (SENDER_ALLOW_LIST when
 * not set): the ones the benchmarks send with. Everything else goes through the list and approval.
 */
export const DEV_SENDER_ALLOW_LIST = 'ACME,BENCH';

if (require.main === module) process.stdout.write(`${generateSigningKeys()}\n`);
