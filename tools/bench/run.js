#!/usr/bin/env node
// `npm run bench -- <name> [args…]` → runs tools/bench/<name>.bench.js (after `npm run build`).
'use strict';
const fs = require('fs');
const path = require('path');

function available() {
  return fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.js'))
    .map((f) => f.slice(0, -'.bench.js'.length))
    .sort();
}

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const names = available();
  if (!name || !names.includes(name)) {
    if (name) process.stderr.write(`Unknown benchmark "${name}".\n`);
    process.stderr.write(`Usage: npm run bench -- <name>\nAvailable: ${names.join(', ') || '(none)'}\n`);
    process.exit(name ? 1 : 2);
  }
  const bench = require(path.join(__dirname, `${name}.bench.js`));
  const run = typeof bench === 'function' ? bench : bench.run;
  const code = await run({ args });
  process.exit(typeof code === 'number' ? code : 0);
}

main().catch((err) => {
  process.stderr.write(`benchmark failed: ${err && err.stack ? err.stack : err}\n`);
  process.exit(1);
});
