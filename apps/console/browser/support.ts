import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import * as path from 'node:path';

export const SCREENS_DIR = path.resolve(__dirname, '../../../tmp/console-screens');
mkdirSync(SCREENS_DIR, { recursive: true });

export function baseUrl(): string {
  const url = process.env.CONSOLE_BASE_URL;
  if (!url) throw new Error('CONSOLE_BASE_URL not set: run through apps/console/browser/playwright.config.ts');
  return url;
}

/** A full-page screenshot kept as an artefact, and axe: no serious or critical violation. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`), fullPage: true });
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`),
    `axe on ${name}`,
  ).toEqual([]);
}

/** Accepts the next confirmation dialog, checking it asks what we expect. */
export function acceptNextDialog(page: Page, expected: RegExp): Promise<void> {
  return new Promise((resolve, reject) => {
    page.once('dialog', (dialog) => {
      const ok = expected.test(dialog.message());
      void dialog.accept().then(() => (ok ? resolve() : reject(new Error(`unexpected dialog: ${dialog.message()}`))));
    });
  });
}
