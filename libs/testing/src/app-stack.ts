import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SERVICE_APPS = ['identity', 'wallet', 'messaging', 'reporting', 'billing', 'notifications'] as const;
export const ALL_APPS = [...SERVICE_APPS, 'gateway'] as const;
export type AppName = (typeof ALL_APPS)[number];

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * The real apps as separate processes (compiled output under dist/), as in production.
 * Logs go to tmp/test-logs/<run>/<app>.log so a failing run can be read afterwards.
 */
export class AppStack {
  private readonly children = new Map<AppName, ChildProcess>();
  readonly baseUrl: string;

  constructor(
    private readonly env: Record<string, string>,
    readonly port: number,
    private readonly logDir: string,
  ) {
    this.baseUrl = `http://127.0.0.1:${port}`;
    mkdirSync(logDir, { recursive: true });
  }

  async start(apps: readonly AppName[] = ALL_APPS): Promise<void> {
    for (const app of apps) this.spawn(app);
    await this.waitReady();
  }

  spawn(app: AppName): void {
    const main = path.join(REPO_ROOT, 'dist/apps', app, 'src/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
    const log = openSync(path.join(this.logDir, `${app}.log`), 'a');
    const child = spawn(process.execPath, ['-r', path.join(REPO_ROOT, 'tools/runtime/register-aliases.js'), main], {
      cwd: REPO_ROOT,
      env: { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1' },
      stdio: ['ignore', log, log],
    });
    this.children.set(app, child);
  }

  async stopApp(app: AppName, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.children.get(app);
    this.children.delete(app);
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      child.kill(signal);
    });
  }

  async restart(app: AppName): Promise<void> {
    await this.stopApp(app);
    this.spawn(app);
    await this.waitReady();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.children.keys()].map((app) => this.stopApp(app)));
  }

  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      for (const [app, child] of this.children) {
        if (child.exitCode !== null)
          throw new Error(`${app} exited with ${child.exitCode}; see ${this.logDir}/${app}.log`);
      }
      try {
        const res = await fetch(`${this.baseUrl}/api/v1/health/ready`);
        if (res.status === 200) return;
        last = await res.text();
      } catch (err) {
        last = String(err);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error(`stack not ready after ${timeoutMs} ms: ${last}`);
  }
}
