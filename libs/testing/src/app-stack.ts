import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import type { SupervisedProcess } from '@sms/process-supervisor';
import { loadSupervisor } from './supervisor';
import { appNatsEnv, TestInfra } from './test-infra';

export const REPO_ROOT = path.resolve(__dirname, '../../..');
export const SERVICE_APPS = ['identity', 'wallet', 'messaging', 'reporting', 'billing', 'notifications'] as const;
export const ALL_APPS = [...SERVICE_APPS, 'gateway'] as const;
export type AppName = (typeof ALL_APPS)[number];

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
 * The real apps as separate processes (compiled output under dist/), as in production, on the
 * workspace's one supervisor (@sms/process-supervisor).
 * Logs go to tmp/test-logs/<run>/<app>.log so a failing run can be read afterwards.
 * The gateway binds port 0 (the OS picks a free one, nobody can take it in between) and
 * reports the port on its "gateway listening" line, read here; a restart reuses that port.
 * With `replicas` > 1 every app runs that many processes (services share their NATS queue group,
 * replicas of an app write to the same log file) and the gateways, each on a port of its own (kept
 * across restarts), are reached through the dev stack's round-robin balancer (`baseUrl`), run as a
 * process of its own (dist/tools/dev-stack/balancer-main.js, log balancer.log): a test blocking the
 * runner's event loop (spawnSync) does not stall the requests it makes meanwhile.
 */
export class AppStack {
  private readonly children = new Map<AppName, SupervisedProcess[]>();
  private port = 0;
  /** The gateway replicas' ports (replicas > 1), behind `balancer`; replica i keeps its port on a restart. */
  private gatewayPorts: number[] = [];
  private balancer?: SupervisedProcess;
  /** Where the gateway's log stood when it was last spawned: its port line comes after. */
  private gatewayLogFrom = 0;
  private balancerLogFrom = 0;

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

  /**
   * Each gateway process's own URL (one per replica; with one replica, `baseUrl`): for what is per
   * process, like the counters of /metrics.
   */
  get gatewayUrls(): string[] {
    if (this.replicas === 1) return [this.baseUrl];
    if (this.gatewayPorts.length < this.replicas)
      throw new Error('the gateway replicas have not reported their ports yet');
    return this.gatewayPorts.map((port) => `http://127.0.0.1:${port}`);
  }

  async start(apps: readonly AppName[] = ALL_APPS): Promise<void> {
    for (const app of apps) this.spawn(app);
    await this.waitReady();
  }

  /** Starts the app's processes (`replicas` of them). */
  spawn(app: AppName): void {
    const logFile = path.join(this.logDir, `${app}.log`);
    if (app === 'gateway') this.gatewayLogFrom = existsSync(logFile) ? statSync(logFile).size : 0;
    this.children.set(
      app,
      Array.from({ length: this.replicas }, (_, i) => this.spawnOne(app, logFile, i)),
    );
  }

  private spawnOne(app: AppName, logFile: string, replica: number): SupervisedProcess {
    const { SupervisedProcess, appMain, nodeAppCommand } = loadSupervisor();
    const main = appMain(app, REPO_ROOT);
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
    // The app's own NATS user and keys, never the harness's (nor the run's key list).
    // A gateway restarted takes the port it had (0 at first: the OS picks it), so the balancer's list holds.
    const port = this.replicas > 1 ? (this.gatewayPorts[replica] ?? 0) : this.port;
    const env: NodeJS.ProcessEnv = { ...process.env, ...this.env, PORT: String(port), HOST: '127.0.0.1' };
    // Replicas cannot share a fixed metrics port: each takes a free one (logged as "metrics listening").
    if (this.replicas > 1 && Number(env.METRICS_PORT) > 0) env.METRICS_PORT = '0';
    delete env.TEST_NATS_AUTH;
    if (this.serviceDatabaseUrls) {
      delete env.DATABASE_URL;
      if (this.serviceDatabaseUrls[app]) env.DATABASE_URL = this.serviceDatabaseUrls[app];
    }
    if (this.natsCreds) Object.assign(env, appNatsEnv(this.natsCreds, app));
    const child = new SupervisedProcess({
      name: app,
      ...nodeAppCommand(app, REPO_ROOT),
      cwd: REPO_ROOT,
      env,
      output: { kind: 'file', path: logFile },
      // In the test runner's process group: a Ctrl-C of jest reaches the apps too.
      detached: false,
      // Graceful: in-flight work first, SIGKILL only after 30 s.
      stopTimeoutMs: 30_000,
    });
    child.start();
    return child;
  }

  /** Stops every process of `app` with `signal` (SIGTERM: graceful; SIGKILL: a crash), SIGKILL after 30 s. */
  async stopApp(app: AppName, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const children = this.children.get(app) ?? [];
    this.children.delete(app);
    await Promise.all(children.filter((c) => c.running()).map((c) => c.stop(30_000, signal)));
  }

  async restart(app: AppName): Promise<void> {
    await this.stopApp(app);
    this.spawn(app);
    await this.waitReady();
  }

  async stop(): Promise<void> {
    await Promise.all([...this.children.keys()].map((app) => this.stopApp(app)));
    await this.balancer?.stop(10_000);
    this.balancer = undefined;
  }

  /**
   * Generous: seven Node processes starting on a loaded 2-core machine can take a minute or more
   * (TEST_STACK_READY_TIMEOUT_MS stretches it on a machine shared by several runs).
   */
  async waitReady(timeoutMs = Number(process.env.TEST_STACK_READY_TIMEOUT_MS) || 180_000): Promise<void> {
    await loadSupervisor().waitUntil(
      'the stack to be ready',
      async () => {
        // With replicas the list of gateway ports is read again until every (re)started one reported.
        if ((!this.port || this.replicas > 1) && this.children.has('gateway')) this.port = this.gatewayEntryPort();
        if (!this.port) throw new Error('the gateway has not reported its port yet');
        // Each gateway replica answers ready (the balancer would show one at a time).
        const targets = this.replicas > 1 ? this.gatewayPorts : [this.port];
        for (const port of targets) {
          const res = await fetch(`http://127.0.0.1:${port}/api/v1/health/ready`);
          if (res.status !== 200) throw new Error(await res.text());
        }
        return true;
      },
      { timeoutMs, intervalMs: 200, shouldAbort: () => this.exitedApp() },
    );
  }

  /** Waits until the gateway reports the port it bound (for a stack of the gateway alone). */
  async waitForGatewayPort(timeoutMs = 180_000): Promise<string> {
    if (this.port) return this.baseUrl;
    await loadSupervisor().waitUntil(
      'the gateway to report its port',
      async () => {
        this.port = this.gatewayEntryPort();
        return this.port || undefined;
      },
      { timeoutMs, intervalMs: 100, shouldAbort: () => this.exitedApp(['gateway']) },
    );
    return this.baseUrl;
  }

  /** Why the stack cannot become ready: one of `apps` (default: all started) exited. */
  private exitedApp(apps: readonly AppName[] = [...this.children.keys()]): string | null {
    const balancer = this.balancer?.exitInfo;
    if (balancer)
      return `the balancer exited with ${balancer.code ?? balancer.signal}; see ${this.logDir}/balancer.log`;
    for (const app of apps) {
      const child = this.children.get(app)?.find((c) => !c.running());
      if (!child) continue;
      const info = child.exitInfo;
      const how = info?.error ? info.error.message : (info?.code ?? info?.signal);
      return `${app} exited with ${how}; see ${this.logDir}/${app}.log`;
    }
    return null;
  }

  /**
   * Where clients reach the gateway, 0 while not known: its reported port, or with replicas the
   * balancer's, started once every replica reported its own (restarted replicas keep theirs).
   */
  private gatewayEntryPort(): number {
    if (this.replicas === 1) return this.reportedGatewayPorts()[0] ?? 0;
    if (this.gatewayPorts.length < this.replicas) {
      const reported = this.reportedGatewayPorts();
      if (reported.length < this.replicas) return 0;
      this.gatewayPorts = reported.slice(0, this.replicas);
    }
    this.balancer ??= this.spawnBalancer();
    return this.balancerPort();
  }

  /** The dev stack's balancer (compiled: this also runs in a jest globalSetup) in front of the replicas. */
  private spawnBalancer(): SupervisedProcess {
    const { SupervisedProcess } = loadSupervisor();
    const main = path.join(REPO_ROOT, 'dist/tools/dev-stack/balancer-main.js');
    if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
    const logFile = path.join(this.logDir, 'balancer.log');
    this.balancerLogFrom = existsSync(logFile) ? statSync(logFile).size : 0;
    const balancer = new SupervisedProcess({
      name: 'balancer',
      command: process.execPath,
      args: [main, '--port', '0', '--upstreams', this.gatewayPorts.join(',')],
      cwd: REPO_ROOT,
      output: { kind: 'file', path: logFile },
      detached: false,
      stopTimeoutMs: 10_000,
    });
    balancer.start();
    return balancer;
  }

  /** The port on an app's JSON log line whose msg is `msg` (e.g. "metrics listening"), 0 if not there yet. */
  reportedPort(app: AppName, msg: string): number {
    return this.portsOnLines(`${app}.log`, msg)[0] ?? 0;
  }

  /** The balancer's bound port, from its log since it was spawned; 0 until it listens. */
  private balancerPort(): number {
    return this.portsOnLines('balancer.log', 'balancer listening', this.balancerLogFrom)[0] ?? 0;
  }

  /** The ports on the gateway's "gateway listening" lines since its last spawn (one per replica). */
  private reportedGatewayPorts(): number[] {
    return this.portsOnLines('gateway.log', 'gateway listening', this.gatewayLogFrom);
  }

  /** The distinct ports on the JSON lines of `file` (in logDir, from byte `from`) whose msg is `msg`. */
  private portsOnLines(file: string, msg: string, from = 0): number[] {
    const logFile = path.join(this.logDir, file);
    if (!existsSync(logFile)) return [];
    const text = readFileSync(logFile).subarray(from).toString();
    const ports = new Set<number>();
    for (const line of text.split('\n')) {
      if (!line.includes(`"${msg}"`)) continue;
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
