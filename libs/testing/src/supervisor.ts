import { existsSync } from 'node:fs';
import * as path from 'node:path';
import type * as Supervisor from '@sms/process-supervisor';

const REPO_ROOT = path.resolve(__dirname, '../../..');

/**
 * @sms/process-supervisor, compiled (dist/libs): AppStack also runs inside a jest globalSetup (the
 * e2e tier's), where path aliases do not resolve; the apps it supervises are built anyway.
 */
export function loadSupervisor(): typeof Supervisor {
  const lib = path.join(REPO_ROOT, 'dist/libs/process-supervisor/src/index.js');
  if (!existsSync(lib)) throw new Error(`${lib} is missing: run \`npm run build\` first`);
  return require(lib) as typeof Supervisor;
}
