import { ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { REPO_ROOT } from './app-stack';

/** The compiled smsc-simulator app as its own process, on free ports, for tiers that run the stack. */
export interface SmscProcess {
  smppPort: number;
  /** HTTP control endpoint (GET /received, /stats; POST /drop, /mo, /config, /reset). */
  controlUrl: string;
  /** SMPP_URL for messaging. */
  smppUrl: string;
  stop(): Promise<void>;
}

export async function startSmscProcess(env: Record<string, string> = {}, timeoutMs = 120_000): Promise<SmscProcess> {
  const main = path.join(REPO_ROOT, 'dist/apps/smsc-simulator/src/main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  const systemId = env.SMSC_SYSTEM_ID ?? 'smsc';
  const password = env.SMSC_PASSWORD ?? 'secret';
  const child: ChildProcess = spawn(
    process.execPath,
    ['-r', path.join(REPO_ROOT, 'dist/tools/runtime/register-aliases.js'), main],
    {
      cwd: REPO_ROOT,
      env: {
        ...process.env,
        SMSC_PORT: '0',
        SMSC_HTTP_PORT: '0',
        ...env,
        SMSC_SYSTEM_ID: systemId,
        SMSC_PASSWORD: password,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const ports = await new Promise<{ smppPort: number; httpPort: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('smsc-simulator did not report its ports')), timeoutMs);
    child.once('exit', (code) => reject(new Error(`smsc-simulator exited with ${code}`)));
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      try {
        resolve(JSON.parse(line) as { smppPort: number; httpPort: number });
      } catch (err) {
        reject(err as Error);
      }
    });
  });
  return {
    smppPort: ports.smppPort,
    controlUrl: `http://127.0.0.1:${ports.httpPort}`,
    smppUrl: `smpp://${encodeURIComponent(systemId)}:${encodeURIComponent(password)}@127.0.0.1:${ports.smppPort}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
