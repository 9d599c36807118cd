/**
 * Locates the shipped DejaVu fonts (apps/billing/assets/fonts) and caches their bytes.
 * A Unicode TTF is required: PDF standard fonts cannot print "€" reliably, Cyrillic or Greek.
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const REGULAR_FONT_FILE = 'DejaVuSans.ttf';
export const BOLD_FONT_FILE = 'DejaVuSans-Bold.ttf';
const ASSETS_FONT_SUBDIR = join('apps', 'billing', 'assets', 'fonts');

export interface InvoiceFonts {
  regular: Buffer;
  bold: Buffer;
}

/**
 * Walks up from `startDir` to the first directory holding apps/billing/assets/fonts.
 * Works from the TS sources (apps/billing/src/domain) and from compiled output
 * (dist/apps/billing/src/domain), whichever assets copy is nearest.
 */
export function resolveFontDir(startDir: string = __dirname): string {
  let dir = startDir;
  for (;;) {
    const candidate = join(dir, ASSETS_FONT_SUBDIR);
    if (existsSync(join(candidate, REGULAR_FONT_FILE))) return candidate;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  throw new Error(`Invoice fonts not found: no ${ASSETS_FONT_SUBDIR}/${REGULAR_FONT_FILE} above ${startDir}`);
}

// Read once per directory: the TTFs are ~1.4 MB together and every invoice needs them.
const cache = new Map<string, InvoiceFonts>();

export function loadInvoiceFonts(fontDir: string = resolveFontDir()): InvoiceFonts {
  let fonts = cache.get(fontDir);
  if (!fonts) {
    fonts = {
      regular: readFileSync(join(fontDir, REGULAR_FONT_FILE)),
      bold: readFileSync(join(fontDir, BOLD_FONT_FILE)),
    };
    cache.set(fontDir, fonts);
  }
  return fonts;
}
