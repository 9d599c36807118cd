import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { e2eState } from './support/e2e-state';

const ROOT = path.resolve(__dirname, '../../..');
const CHECKED_IN = path.join(ROOT, 'apps/console/src/shared/api/schema.gen.ts');

// The console is typed against the generated file; it must be what the running gateway documents.
describe('console API types', () => {
  it('match the OpenAPI document the gateway serves (regenerate with `npm run api:types`)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'api-types-check-'));
    try {
      const out = path.join(dir, 'schema.gen.ts');
      const res = spawnSync(
        process.execPath,
        [
          path.join(ROOT, 'dist/tools/scripts/console-api-types.js'),
          '--url',
          `${e2eState().baseUrl}/api/docs-json`,
          '--out',
          out,
        ],
        { encoding: 'utf8' },
      );
      expect(res.stderr).toBe('');
      expect(res.status).toBe(0);
      const fresh = readFileSync(out, 'utf8');
      expect(fresh).toContain('"/api/v1/account/balance"');
      expect(readFileSync(CHECKED_IN, 'utf8')).toBe(fresh);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
