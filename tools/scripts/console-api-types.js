#!/usr/bin/env node
// The console's API types, generated from the gateway's OpenAPI document (never typed by hand).
//   npm run api:types                      start the compiled gateway alone, regenerate the file
//   node tools/scripts/console-api-types.js --url http://127.0.0.1:3000/api/docs-json --out x.ts
// The e2e tier regenerates into a temporary file from its running stack and fails on any drift.
const { spawn, spawnSync } = require('node:child_process');
const { mkdtempSync, writeFileSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { randomBytes } = require('node:crypto');
const os = require('node:os');
const path = require('node:path');

const { REPO_ROOT: root } = require('../runtime/paths');
const DEFAULT_OUT = path.join(root, 'apps/console/src/shared/api/schema.gen.ts');

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/** The OpenAPI document of a gateway started here; it needs no service, only its own code. */
async function documentFromOwnGateway() {
  const main = path.join(root, 'dist/apps/gateway/src/main.js');
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', path.join(root, 'dist/tools/runtime/register-aliases.js'), main], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      NATS_PREFIX: `apitypes${port}.`,
      // The gateway refuses to start without its actor-assertion key; a throwaway one (it signs nothing here).
      ACTOR_ASSERTION_SIGNING_KEY: process.env.ACTOR_ASSERTION_SIGNING_KEY || randomBytes(32).toString('base64url'),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  try {
    const deadline = Date.now() + 300_000; // a bound for a wedged start, not a speed expectation (loaded machines)
    while (Date.now() < deadline) {
      if (child.exitCode !== null)
        throw new Error(`gateway exited with ${child.exitCode} (run \`npm run build\` first)`);
      const res = await fetch(`http://127.0.0.1:${port}/api/docs-json`).catch(() => null);
      if (res && res.ok) return await res.text();
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('gateway did not serve /api/docs-json within 300 s');
  } finally {
    child.kill('SIGTERM');
  }
}

async function main() {
  const url = arg('--url');
  const out = path.resolve(arg('--out') ?? DEFAULT_OUT);
  const doc = url ? await (await fetch(url)).text() : await documentFromOwnGateway();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'api-types-'));
  try {
    const input = path.join(dir, 'openapi.json');
    writeFileSync(input, doc);
    const res = spawnSync(path.join(root, 'node_modules/.bin/openapi-typescript'), [input, '-o', out], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    if (res.status !== 0) throw new Error(`openapi-typescript failed with ${res.status}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`API types written to ${path.relative(root, out)}`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
