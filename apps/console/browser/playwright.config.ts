// Browser tier: Playwright driving Debian's chromium (nothing is downloaded) against the real
// stack that browser/global-setup.ts starts with the e2e harness (libs/testing AppStack).
import { defineConfig } from '@playwright/test';
import * as path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');

export default defineConfig({
  testDir: __dirname,
  testMatch: '**/*.browser.ts',
  globalSetup: path.join(__dirname, 'global-setup.ts'),
  outputDir: path.join(repoRoot, 'tmp/playwright'),
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 240_000,
  expect: { timeout: 20_000 },
  reporter: [
    ['list'],
    ['json', { outputFile: process.env.PLAYWRIGHT_JSON_OUTPUT_NAME ?? path.join(repoRoot, 'tmp/jest/browser.json') }],
  ],
  use: {
    locale: 'it-IT',
    timezoneId: 'Europe/Rome',
    acceptDownloads: true,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
});
