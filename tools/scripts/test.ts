#!/usr/bin/env node
// `npm test` (package.json compiles the tools first, then runs dist/tools/scripts/test.js):
// type-check, lint, build, then the unit, integration and end-to-end tiers.
// Stops at the first failing step and ends with one summary line of all jest tiers.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT as root } from '../runtime/paths';

/** A step: its name, the command and its arguments. */
type Step = [name: string, command: string, args: string[]];

/** What is read of jest's and Vitest's --json report, and of Playwright's JSON reporter. */
interface JestReport {
  numPassedTests: number;
  numFailedTests: number;
}
interface PlaywrightReport {
  stats: { expected: number; flaky: number; unexpected: number };
}

const bin = (name: string): string => path.join(root, 'node_modules/.bin', name);
const reports = path.join(root, 'tmp/jest');
mkdirSync(reports, { recursive: true });

/** True when something accepts TCP connections on 127.0.0.1:port within half a second. */
function answers(port: number): boolean {
  const probe =
    `const s=require('net').connect(${port},'127.0.0.1');s.on('connect',()=>process.exit(0));` +
    `s.on('error',()=>process.exit(1));setTimeout(()=>process.exit(1),500);`;
  return spawnSync(process.execPath, ['-e', probe]).status === 0;
}

// Unset URLs: use PostgreSQL and NATS on their default local ports when they answer (each run
// still gets its own database and NATS prefix); otherwise the tiers start testcontainers.
if (!process.env.TEST_DATABASE_URL && answers(5432)) {
  process.env.TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/postgres';
  console.log(`TEST_DATABASE_URL not set: using ${process.env.TEST_DATABASE_URL}`);
}
if (!process.env.NATS_URL && answers(4222)) {
  process.env.NATS_URL = 'nats://127.0.0.1:4222';
  console.log(`NATS_URL not set: using ${process.env.NATS_URL}`);
}

const tiers: Array<[name: string, config: string]> = [
  ['unit', 'jest.unit.config.cjs'],
  ['int', 'jest.int.config.cjs'],
  ['e2e', 'jest.e2e.config.cjs'],
];

// The web console (apps/console) has DOM types and its own tsconfigs, vitest and Playwright.
const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const browserMandatory = process.env.CONSOLE_BROWSER_TESTS === '1';
const browserTier = browserMandatory || existsSync(chromium);

const steps: Step[] = [
  ['typecheck', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']],
  ['console typecheck', bin('tsc'), ['-p', 'apps/console/tsconfig.json']],
  ['console typecheck (tools)', bin('tsc'), ['-p', 'apps/console/browser/tsconfig.json']],
  // The module-boundary rule reads Nx's project graph; on a fresh clone it must be computed first.
  ['project graph', bin('nx'), ['show', 'projects']],
  ['lint', bin('eslint'), ['.', '--max-warnings', '0']],
  ['build', bin('tsc'), ['-p', 'tsconfig.build.json']],
  ['console build', bin('vite'), ['build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn']],
  [
    'console unit',
    bin('vitest'),
    [
      'run',
      '--config',
      'apps/console/vite.config.mts',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${path.join(reports, 'console unit.json')}`,
    ],
  ],
  ...tiers.map(
    ([name, config]): Step => [
      name,
      bin('jest'),
      ['-c', config, '--ci', '--json', '--outputFile', path.join(reports, `${name}.json`), ...process.argv.slice(2)],
    ],
  ),
];

// Browser tier: Playwright in Debian's chromium against the real stack. Mandatory when
// CONSOLE_BROWSER_TESTS=1 (CI sets it); otherwise it runs when chromium is installed.
if (browserTier) {
  steps.push(['browser', bin('playwright'), ['test', '-c', 'apps/console/browser/playwright.config.ts']]);
} else {
  console.log(
    `Browser tier SKIPPED: ${chromium} not found. Install it (apt-get install -y chromium) to run it, ` +
      'and set CONSOLE_BROWSER_TESTS=1 to make it mandatory (or CHROMIUM_PATH to use another binary).',
  );
}

// Scrape tier: Debian's real Prometheus scrapes the running apps. Mandatory when PROMETHEUS_TESTS=1
// (CI sets it after installing the package); otherwise it runs when the binary is installed.
const prometheus = process.env.PROMETHEUS_PATH || '/usr/bin/prometheus';
if (process.env.PROMETHEUS_TESTS === '1' || existsSync(prometheus)) {
  steps.push([
    'scrape',
    bin('jest'),
    ['-c', 'jest.scrape.config.cjs', '--ci', '--json', '--outputFile', path.join(reports, 'scrape.json')],
  ]);
} else {
  console.log(
    `Scrape tier SKIPPED: ${prometheus} not found. Install it (apt-get install -y prometheus) to run it, ` +
      'and set PROMETHEUS_TESTS=1 to make it mandatory (or PROMETHEUS_PATH to use another binary).',
  );
}

// The short fault-injection run needs a PostgreSQL server it can create databases on and the
// nats-server binary (it restarts its own broker); it runs where TEST_DATABASE_URL is given.
if (process.env.TEST_DATABASE_URL && process.env.SKIP_CHAOS !== '1') {
  steps.push(['chaos', process.execPath, [path.join(root, 'dist/tools/chaos/run.js')]]);
} else {
  console.log('Chaos suite not in this run (needs TEST_DATABASE_URL); run it with `npm run test:chaos`.');
}

if (!process.env.TEST_DATABASE_URL || !process.env.NATS_URL) {
  console.log('No PostgreSQL / NATS given or answering locally: integration and e2e tiers start testcontainers.');
}

let passed = 0;
let failed = 0;
for (const [name, cmd, args] of steps) {
  console.log(`\n=== ${name} ===`);
  const started = Date.now();
  const report = path.join(reports, `${name}.json`);
  rmSync(report, { force: true });
  const env = {
    ...process.env,
    NX_DAEMON: 'false',
    PLAYWRIGHT_JSON_OUTPUT_NAME: report,
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD: '1',
  };
  let res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  // Computing Nx's project graph once failed on a fresh clone in 0.3 s without a word (its plugin
  // workers under load); it only fills a cache, so it is tried again, saying why it failed.
  for (let attempt = 2; name === 'project graph' && res.status !== 0 && attempt <= 3; attempt++) {
    console.log(
      `project graph failed (${res.error ?? `exit ${res.status}, signal ${res.signal}`}); attempt ${attempt}`,
    );
    res = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env });
  }
  if (res.error) console.log(`${name}: ${res.error}`);
  if ([...tiers.map(([t]) => t), 'console unit', 'scrape'].includes(name) && existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8')) as JestReport;
    passed += r.numPassedTests;
    failed += r.numFailedTests;
  }
  if (name === 'browser' && existsSync(report)) {
    const r = JSON.parse(readFileSync(report, 'utf8')) as PlaywrightReport;
    passed += r.stats.expected + r.stats.flaky;
    failed += r.stats.unexpected;
  }
  console.log(
    `=== ${name}: ${res.status === 0 ? 'ok' : 'FAILED'} in ${((Date.now() - started) / 1000).toFixed(1)} s ===`,
  );
  if (res.status !== 0) {
    console.log(`\ntests: ${passed} passed, ${Math.max(failed, 1)} failed`);
    process.exit(res.status ?? 1);
  }
}
console.log(`\ntests: ${passed} passed, ${failed} failed`);
