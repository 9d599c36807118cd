// The web console's budget: production build sizes (initial JavaScript ≤ 150 KB gzipped, and the
// total), then, in headless chromium against an isolated stack, the time from navigation to the
// home screen showing the balance over BENCH_LOADS (20) cold loads (fresh browser context each:
// empty cache), p50 and p95; target p95 ≤ 1 s. `npm run bench -- console`; CHROMIUM_PATH
// (default /usr/bin/chromium).
import { chromium } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { REPO_ROOT as root } from '../runtime/paths';
import { envNumber, log, signupAndLogin, withBenchStack } from './harness';

const dist = path.join(root, 'dist/console');
const INITIAL_JS_BUDGET = 150 * 1024;
const P95_TARGET_MS = 1000;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)],
  );
}

const gz = (file: string): number => gzipSync(readFileSync(file), { level: 9 }).length;
const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;

interface BuildSizes {
  initialJsGz: number;
  totalGz: number;
  totalRaw: number;
  files: number;
}

/** What index.html makes the browser fetch before anything shows: its module script and preloads. */
function buildSizes(): BuildSizes {
  const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => path.join(dist, m[1]));
  const all = files(dist);
  return {
    initialJsGz: initial.reduce((s, f) => s + gz(f), 0),
    totalGz: all.reduce((s, f) => s + gz(f), 0),
    totalRaw: all.reduce((s, f) => s + statSync(f).size, 0),
    files: all.length,
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export async function run(): Promise<number> {
  log('building the console (vite build)…');
  const built = spawnSync(
    path.join(root, 'node_modules/.bin/vite'),
    ['build', '--config', 'apps/console/vite.config.mts', '--logLevel', 'warn'],
    { cwd: root, stdio: 'inherit' },
  );
  if (built.status !== 0) throw new Error('vite build failed');
  const sizes = buildSizes();
  console.log(
    `\nbuild: initial JS ${kb(sizes.initialJsGz)} gzipped (budget ${kb(INITIAL_JS_BUDGET)}), total ${kb(sizes.totalGz)} gzipped / ${kb(sizes.totalRaw)} raw in ${sizes.files} files`,
  );

  const loads = envNumber('BENCH_LOADS', 20);
  const times = await withBenchStack(async (stack) => {
    const user = await signupAndLogin(stack.apiUrl);
    const tokens = JSON.stringify({ accessToken: user.accessToken, refreshToken: user.refreshToken });
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const out: number[] = [];
    try {
      for (let i = 0; i < loads + 1; i++) {
        const context = await browser.newContext();
        await context.addInitScript(`sessionStorage.setItem('sms-console.tokens', ${JSON.stringify(tokens)})`);
        const page = await context.newPage();
        const started = Date.now();
        await page.goto(`${stack.baseUrl}/`);
        await page.getByTestId('balance').waitFor({ state: 'visible', timeout: 30_000 });
        const ms = Date.now() - started;
        // The first load warms the server side (JIT, connection pools); it is not counted.
        if (i > 0) out.push(ms);
        await context.close();
      }
    } finally {
      await browser.close();
    }
    return out;
  });
  const sorted = [...times].sort((a, b) => a - b);
  const p50 = percentile(sorted, 50);
  const p95 = percentile(sorted, 95);
  console.log(
    `home with the balance, ${times.length} cold loads: p50 ${p50} ms, p95 ${p95} ms (target p95 ≤ ${P95_TARGET_MS} ms), min ${sorted[0]} ms, max ${sorted[sorted.length - 1]} ms`,
  );
  const ok = sizes.initialJsGz <= INITIAL_JS_BUDGET && p95 <= P95_TARGET_MS;
  console.log(ok ? 'within budget' : 'OVER BUDGET');
  return ok ? 0 : 1;
}

export const description = 'the web console: build sizes against the budget, cold loads to the balance in chromium';
