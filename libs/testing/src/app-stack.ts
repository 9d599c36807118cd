import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { appNatsEnv, TestInfra } from './test-infra';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SERVICE_APPS = ['identity', 'wallet', 'messaging', 'reporting', 'billing', 'notifications'] as const;
export const ALL_APPS = [...SERVICE_APPS, 'gateway'] as const;
export type AppName = (typeof ALL_APPS)[number];

/**
 * The real apps as separate processes (compiled output under dist/), as in production.
 * Logs go to tmp/test-logs/<run>/<app>.log so a failing run can be read afterwards.
 * The gateway binds port 0 (the OS picks a free one, nobody can take it in between) and
 * reports the port on its "gateway listening" line, read here; a restart reuses that port.
 */
export class AppStack {
  private readonly children = new Map<AppName, ChildProcess>();
  private port = 0;
  /** Where the gateway's log stood when it was last spawned: its port line comes after. */
  private gatewayLogFrom = 0;

  /** Each app connects to NATS as its own user (default: the run's, from TEST_NATS_AUTH). */
  private readonly natsCreds?: TestInfra['natsCreds'];

  /**
   * `serviceDatabaseUrls` (createStackDatabase's `serviceUrls`): each service's own DATABASE_URL
   * (its role), over `env`'s; the gateway and any app not listed then get none.
   */
  constructor(
    private readonly env: Record<string, string>,
    readonly logDir: string,
    natsCreds?: TestInfra['natsCreds'],
    private readonly serviceDatabaseUrls?: Record<string, string>,
  ) {
    mkdirSync(logDir, { recursive: true });
    const shared = process.env.TEST_NATS_AUTH;
    this.natsCreds =
      natsCreds ?? (shared ? (JSON.parse(shared) as { creds: TestInfra['natsCreds'] }).creds : undefined);
  }

  get baseUrl(): string {
    if (!this.port) throw new Error('the gateway has not reported its port yet: start the stack first');
    return `http://127.0.0.1:${this.port}`;
  }

  async start(apps: readonly AppName[] = ALL_APPS): Promise<void> {
    for (const app of apps) this.spawn(app);
    await this.waitReady();
  }

  spawn(app: AppName): void {
    const main = path.join(REPO_ROOT, 'dist/apps', app, 'src/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
    const logFile = path.join(this.logDir, `${app}.log`);
    const log = openSync(logFile, 'a');
    if (app === 'gateway') this.gatewayLogFrom = statSync(logFile).size;
    // The app's own NATS user and keys, never the harness's (nor the run's key list).
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.env, PORT: String(this.port), HOST: '127.0.0.1' };
    delete env.TEST_NATS_AUTH;
    if (this.serviceDatabaseUrls) {
      delete env.DATABASE_URL;
      if (this.serviceDatabaseUrls[app]) env.DATABASE_URL = this.serviceDatabaseUrls[app];
    }
    if (this.natsCreds) Object.assign(env, appNatsEnv(this.natsCreds, app));
    const child = spawn(process.execPath, ['-r', path.join(REPO_ROOT, 'dist/tools/runtime/register-aliases.js'), main], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', log, log],
    });
    this.children.set(app, child);
  }

  async stopApp(app: AppName, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.children.get(app);
    this.children.delete(app);
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 30_000); // graceful: in-flight work first
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

  /**
   * Generous: seven Node processes starting on a loaded 2-core machine can take a minute or more
   * (TEST_STACK_READY_TIMEOUT_MS stretches it on a machine shared by several runs).
   */
  async waitReady(timeoutMs = Number(process.env.TEST_STACK_READY_TIMEOUT_MS) || 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      for (const [app, child] of this.children) {
        if (child.exitCode !== null)
          throw new Error(`${app} exited with ${child.exitCode}; see ${this.logDir}/${app}.log`);
      }
      if (!this.port && this.children.has('gateway')) this.port = this.reportedGatewayPort();
      if (!this.port) {
        last = 'the gateway has not reported its port yet';
        await new Promise((r) => setTimeout(r, 200));
        continue;
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

  /** Waits until the gateway reports the port it bound (for a stack of the gateway alone). */
  async waitForGatewayPort(timeoutMs = 180_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!this.port) {
      const child = this.children.get('gateway');
      if (child && child.exitCode !== null) throw new Error(`gateway exited with ${child.exitCode}`);
      if (Date.now() > deadline) throw new Error(`the gateway reported no port within ${timeoutMs} ms`);
      this.port = this.reportedGatewayPort();
      if (!this.port) await new Promise((r) => setTimeout(r, 100));
    }
    return this.baseUrl;
  }

  /** The port on an app's JSON log line whose msg is `msg` (e.g. "metrics listening"), 0 if not there yet. */
  reportedPort(app: AppName, msg: string): number {
    const text = readFileSync(path.join(this.logDir, `${app}.log`)).toString();
    for (const line of text.split('\n')) {
      if (!line.includes(`"${msg}"`)) continue;
      try {
        const port = (JSON.parse(line) as { port?: unknown }).port;
        if (typeof port === 'number' && port > 0) return port;
      } catch {
        // a partly written line: read again on the next poll
      }
    }
    return 0;
  }

  /** The port on the gateway's "gateway listening" line since its last spawn, 0 if not there yet. */
  private reportedGatewayPort(): number {
    const text = readFileSync(path.join(this.logDir, 'gateway.log')).subarray(this.gatewayLogFrom).toString();
    for (const line of text.split('\n')) {
      if (!line.includes('"gateway listening"')) continue;
      try {
        const port = (JSON.parse(line) as { port?: unknown }).port;
        if (typeof port === 'number' && port > 0) return port;
      } catch {
        // a partly written line: read again on the next poll
      }
    }
    return 0;
  }
}
