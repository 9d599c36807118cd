import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdirSync, openSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { appNatsEnv, TestInfra } from './test-infra';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SERVICE_APPS = ['identity', 'wallet', 'messaging', 'reporting', 'billing', 'notifications'] as const;
export const ALL_APPS = [...SERVICE_APPS, 'gateway'] as const;
export type AppName = (typeof ALL_APPS)[number];

/** The dev stack's round-robin HTTP balancer (tools/dev-stack/balancer.js), in front of gateway replicas. */
interface Balancer {
  port: number;
  stop(): Promise<void>;
}
type StartBalancer = (opts: { port: number; upstreams: () => number[] }) => Promise<Balancer>;

/**
 * `E2E_REPLICAS` (default 1, at most 8): processes of every app in the e2e tier's stacks. With more
 * than one, the gateway replicas sit behind the dev stack's round-robin balancer.
 */
export function replicasFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env.E2E_REPLICAS || '1';
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 8)
    throw new Error(`E2E_REPLICAS must be an integer from 1 to 8 (got "${raw}")`);
  return n;
}

/**
 * The real apps as separate processes (compiled output under dist/), as in production.
 * Logs go to tmp/test-logs/<run>/<app>.log so a failing run can be read afterwards.
 * The gateway binds port 0 (the OS picks a free one, nobody can take it in between) and
 * reports the port on its "gateway listening" line, read here; a restart reuses that port.
 * With `replicas` > 1 every app runs that many processes (services share their NATS queue group,
 * replicas of an app write to the same log file) and the gateways, each on a port of its own, are
 * reached through the dev stack's round-robin balancer (`baseUrl`); a restart gives them new ports.
 */
export class AppStack {
  private readonly children = new Map<AppName, ChildProcess[]>();
  private port = 0;
  /** The gateway replicas' ports (replicas > 1), behind `balancer`. */
  private gatewayPorts: number[] = [];
  private balancer?: Balancer;
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
    readonly replicas = 1,
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

  /** Starts the app's processes (`replicas` of them). */
  spawn(app: AppName): void {
    if (app === 'gateway') {
      const logFile = path.join(this.logDir, 'gateway.log');
      this.gatewayLogFrom = existsSync(logFile) ? statSync(logFile).size : 0;
    }
    this.children.set(
      app,
      Array.from({ length: this.replicas }, () => this.spawnOne(app)),
    );
  }

  private spawnOne(app: AppName): ChildProcess {
    const main = path.join(REPO_ROOT, 'dist/apps', app, 'src/main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
    const logFile = path.join(this.logDir, `${app}.log`);
    const log = openSync(logFile, 'a');
    // The app's own NATS user and keys, never the harness's (nor the run's key list).
    const port = this.replicas > 1 ? 0 : this.port;
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.env, PORT: String(port), HOST: '127.0.0.1' };
    // Replicas cannot share a fixed metrics port: each takes a free one (logged as "metrics listening").
    if (this.replicas > 1 && Number(env.METRICS_PORT) > 0) env.METRICS_PORT = '0';
    delete env.TEST_NATS_AUTH;
    if (this.serviceDatabaseUrls) {
      delete env.DATABASE_URL;
      if (this.serviceDatabaseUrls[app]) env.DATABASE_URL = this.serviceDatabaseUrls[app];
    }
    if (this.natsCreds) Object.assign(env, appNatsEnv(this.natsCreds, app));
    return spawn(process.execPath, ['-r', path.join(REPO_ROOT, 'tools/runtime/register-aliases.js'), main], {
      cwd: REPO_ROOT,
      env,
      stdio: ['ignore', log, log],
    });
  }

  /** Stops every process of the app. */
  async stopApp(app: AppName, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const children = this.children.get(app) ?? [];
    this.children.delete(app);
    await Promise.all(children.map((child) => this.stopChild(child, signal)));
  }

  private async stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
    if (child.exitCode !== null) return;
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
    await this.balancer?.stop();
    this.balancer = undefined;
  }

  /**
   * Generous: seven Node processes starting on a loaded 2-core machine can take a minute or more
   * (TEST_STACK_READY_TIMEOUT_MS stretches it on a machine shared by several runs).
   */
  async waitReady(timeoutMs = Number(process.env.TEST_STACK_READY_TIMEOUT_MS) || 180_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      for (const [app, children] of this.children) {
        for (const child of children)
          if (child.exitCode !== null)
            throw new Error(`${app} exited with ${child.exitCode}; see ${this.logDir}/${app}.log`);
      }
      // With replicas the list of gateway ports is read again until every (re)started one reported.
      if ((!this.port || this.replicas > 1) && this.children.has('gateway')) this.port = await this.gatewayEntryPort();
      if (!this.port) {
        last = 'the gateway has not reported its port yet';
        await new Promise((r) => setTimeout(r, 200));
        continue;
      }
      try {
        // Each gateway replica answers ready (the balancer would show one at a time).
        const targets = this.replicas > 1 ? this.gatewayPorts : [this.port];
        if (targets.length === 0) throw new Error('no gateway replica has reported its port yet');
        const answers = await Promise.all(
          targets.map(async (port) => {
            const res = await fetch(`http://127.0.0.1:${port}/api/v1/health/ready`);
            return res.status === 200 ? '' : await res.text();
          }),
        );
        last = answers.find((a) => a !== '') ?? '';
        if (answers.every((a) => a === '')) return;
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
      const exited = this.children.get('gateway')?.find((child) => child.exitCode !== null);
      if (exited) throw new Error(`gateway exited with ${exited.exitCode}`);
      if (Date.now() > deadline) throw new Error(`the gateway reported no port within ${timeoutMs} ms`);
      this.port = await this.gatewayEntryPort();
      if (!this.port) await new Promise((r) => setTimeout(r, 100));
    }
    return this.baseUrl;
  }

  /**
   * Where clients reach the gateway, 0 while not known: its reported port, or with replicas the
   * balancer's, started once every replica reported its own (restarted replicas are picked up).
   */
  private async gatewayEntryPort(): Promise<number> {
    if (this.replicas === 1) return this.reportedGatewayPorts()[0] ?? 0;
    // The restarted replicas' ports replace the old ones once all of them reported (until then the
    // readiness check fails on the old ones).
    const reported = this.reportedGatewayPorts();
    if (reported.length >= this.replicas) this.gatewayPorts = reported;
    if (this.gatewayPorts.length < this.replicas) return 0;
    if (!this.balancer) {
      const { startBalancer } = require(path.join(REPO_ROOT, 'tools/dev-stack/balancer.js')) as {
        startBalancer: StartBalancer;
      };
      this.balancer = await startBalancer({ port: 0, upstreams: () => this.gatewayPorts });
    }
    return this.balancer.port;
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

  /** The ports on the gateway's "gateway listening" lines since its last spawn (one per replica). */
  private reportedGatewayPorts(): number[] {
    const text = readFileSync(path.join(this.logDir, 'gateway.log')).subarray(this.gatewayLogFrom).toString();
    const ports = new Set<number>();
    for (const line of text.split('\n')) {
      if (!line.includes('"gateway listening"')) continue;
      try {
        const port = (JSON.parse(line) as { port?: unknown }).port;
        if (typeof port === 'number' && port > 0) ports.add(port);
      } catch {
        // a partly written line: read again on the next poll
      }
    }
    return [...ports];
  }
}
