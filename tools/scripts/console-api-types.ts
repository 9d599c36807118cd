#!/usr/bin/env node
// The console's API types, generated from the gateway's OpenAPI document (never typed by hand).
//   npm run api:types                      start the compiled gateway alone, regenerate the file
//   node dist/tools/scripts/console-api-types.js --url http://127.0.0.1:3000/api/docs-json --out x.ts
// The e2e tier regenerates into a temporary file from its running stack and fails on any drift.
import '../runtime/register-aliases';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { SupervisedProcess, nodeAppCommand, waitUntil } from '@sms/process-supervisor';
import { REPO_ROOT as root } from '../runtime/paths';

const DEFAULT_OUT = path.join(root, 'apps/console/src/shared/api/schema.gen.ts');

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** The OpenAPI document of a gateway started here; it needs no service, only its own code. */
async function documentFromOwnGateway(): Promise<string> {
  const port = await freePort();
  const gateway = new SupervisedProcess({
    name: 'gateway',
    ...nodeAppCommand('gateway', root),
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
    output: { kind: 'prefixed' },
  });
  gateway.start();
  try {
    // A bound for a wedged start, not a speed expectation (loaded machines).
    return await waitUntil(
      'the gateway serving /api/docs-json',
      async () => {
        const res = await fetch(`http://127.0.0.1:${port}/api/docs-json`).catch(() => null);
        return res && res.ok ? await res.text() : undefined;
      },
      {
        timeoutMs: 300_000,
        shouldAbort: () =>
          gateway.running() ? null : `gateway exited with ${gateway.exitInfo?.code} (run \`npm run build\` first)`,
      },
    );
  } finally {
    await gateway.stop();
  }
}

async function main(): Promise<void> {
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

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
