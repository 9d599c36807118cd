// Development access-token signing key (Ed25519 private JWK, kid `dev-…`) for `npm start`,
// the benchmarks and the chaos stack when JWT_SIGNING_KEYS is not set: generated once into
// <repo>/.data/jwt-signing-keys.json and reused. NODE_ENV=production refuses `dev-` keys.
// `node tools/dev-stack/keys.js` prints a new JWT_SIGNING_KEYS value (development kid).
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

function generateSigningKeys(kid = `dev-${crypto.randomUUID()}`) {
  const { privateKey } = crypto.generateKeyPairSync('ed25519');
  const jwk = privateKey.export({ format: 'jwk' });
  return JSON.stringify([{ kty: 'OKP', crv: 'Ed25519', d: jwk.d, x: jwk.x, kid }]);
}

/** JWT_SIGNING_KEYS from env, else the development key under .data (made on first use). */
function devSigningKeys(env, repoRoot) {
  if (env.JWT_SIGNING_KEYS) return env.JWT_SIGNING_KEYS;
  const file = path.join(repoRoot, '.data', 'jwt-signing-keys.json');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, generateSigningKeys(), { mode: 0o600 });
  }
  return fs.readFileSync(file, 'utf8').trim();
}

module.exports = { generateSigningKeys, devSigningKeys };

if (require.main === module) process.stdout.write(`${generateSigningKeys()}\n`);
