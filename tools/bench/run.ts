#!/usr/bin/env node
// `npm run bench -- <name> [args…]` → runs <name>.bench.js from dist/tools/bench (after `npm run build`),
// compiled there from <name>.bench.ts.
// First import: maps @sms/* to dist/libs before any benchmark module requires one.
import '../runtime/register-aliases';
import { readdirSync } from 'node:fs';
import * as path from 'node:path';
import type { BenchRun } from './harness';

const SUFFIX = '.bench.js';

function available(): string[] {
  return readdirSync(__dirname)
    .filter((f) => f.endsWith(SUFFIX))
    .map((f) => f.slice(0, -SUFFIX.length))
    .sort();
}

/** A benchmark module exports `run` (or is the function itself, as older ones were). */
function runnerOf(file: string): BenchRun {
  const loaded: unknown = require(file);
  const run = typeof loaded === 'function' ? loaded : (loaded as { run?: unknown } | null)?.run;
  if (typeof run !== 'function') throw new Error(`${path.basename(file)} exports no run({ args })`);
  return run as BenchRun;
}

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const names = available();
  if (!name || !names.includes(name)) {
    if (name) process.stderr.write(`Unknown benchmark "${name}".\n`);
    process.stderr.write(`Usage: npm run bench -- <name>\nAvailable: ${names.join(', ') || '(none)'}\n`);
    process.exit(name ? 1 : 2);
  }
  const code = await runnerOf(path.join(__dirname, `${name}${SUFFIX}`))({ args });
  process.exit(typeof code === 'number' ? code : 0);
}

main().catch((err: unknown) => {
  process.stderr.write(`benchmark failed: ${err instanceof Error && err.stack ? err.stack : String(err)}\n`);
  process.exit(1);
});
