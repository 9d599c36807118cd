import { generateSigningJwk } from '@sms/config';
import { spawn } from 'node:child_process';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Starts the built identity with `env` and resolves with its exit code and stderr (it must refuse to boot). */
function boot(env: Record<string, string | undefined>): Promise<{ code: number | null; stderr: string }> {
  const main = path.join(REPO_ROOT, 'dist/apps/identity/src/main.js');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-r', path.join(REPO_ROOT, 'dist/tools/runtime/register-aliases.js'), main], {
      cwd: REPO_ROOT,
      env: { ...process.env, METRICS_PORT: '-1', ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    // A process that boots instead of refusing would hang here: the test's timeout fails it.
    child.on('exit', (code) => resolve({ code, stderr }));
    child.on('error', reject);
  });
}

describe('identity refuses to boot without a proper signing key', () => {
  it('with no JWT_SIGNING_KEYS at all, naming the variable', async () => {
    const res = await boot({ JWT_SIGNING_KEYS: '' });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('JWT_SIGNING_KEYS is required');
  }, 60_000);

  it('with NODE_ENV=production and a development key, naming the variable', async () => {
    const res = await boot({ NODE_ENV: 'production', JWT_SIGNING_KEYS: JSON.stringify([generateSigningJwk()]) });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('JWT_SIGNING_KEYS[0] is a development key');
  }, 60_000);
});
