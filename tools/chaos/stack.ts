// The chaos run's stack: a fresh database on TEST_DATABASE_URL's server, a private nats-server
// (JetStream, free port, store under tmp/) and the seven apps from dist/, each a Supervised
// process that faults.ts may kill and restart. createStack() from tools/dev-stack is not used
// because it stops everything when one child dies, which is exactly what happens here on purpose;
// its building blocks (appMain, findNatsServer, ports, ensure/dropDatabase, waitForReady) are.
import { NO_RATE_LIMITS } from '../dev-stack/no-rate-limits';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DIST, REPO_ROOT } from '../runtime/paths';
import {
  ClusterNode,
  devApps,
  devBalancer,
  devKeys,
  devNats,
  devNatsAuth,
  devNatsCluster,
  devNet,
  devPostgres,
  NatsAuthSetup,
  serviceRoles,
} from './dev-stack';
import type { Mutant } from './mutants';
import { ExitInfo, Supervised } from './processes';
import type { ProxyFaults } from './proxy-faults';
import { scaled } from './slowness';
import type { Log } from './types';

const ALIASES = path.join(DIST, 'tools', 'runtime', 'register-aliases.js');
const SAFE_DB = /^sms_chaos_test_[a-z0-9_]+$/;

/**
 * The apps' environment, like the e2e tier's: auth limits out of the way, a fast simulated carrier,
 * alerts mailed to our SMTP server, and short retry/sweep delays so the system settles within a run.
 */
export function chaosAppEnv({ natsPrefix, smtpUrl }: { natsPrefix: string; smtpUrl: string }): Record<string, string> {
  return {
    NATS_PREFIX: natsPrefix,
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL || 'warn',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    ...NO_RATE_LIMITS,
    SIM_DLR_DELAY_MS: '50',
    // Reports lost with a killed messaging process are asked again after this long.
    REPORT_RECOVERY_MS: '2000',
    SMTP_URL: smtpUrl,
    ALERT_POLL_MS: '500',
    ALERT_RETRY_BASE_MS: '200',
    ALERT_RETRY_MAX_MS: '3000',
    SAGA_SWEEP_INTERVAL_MS: '2000',
    SAGA_TIMEOUT_MS: '10000',
    DATABASE_POOL_SIZE: '8',
  };
}

/** A nats-server node of a cluster run, supervised. */
export type NodeProcess = Supervised & { node: ClusterNode };

export interface ChaosStackOptions {
  /** Names the database, the NATS prefix and the log/store dirs. */
  runId: string;
  /** Any database on the PostgreSQL server to use. */
  adminUrl: string;
  /** Variables for every app (on top of process.env). */
  appEnv: Record<string, string>;
  /** An app or nats-server exited without being asked to. */
  onCrash?: (name: string, info: ExitInfo) => void;
  log: Log;
  replicas?: number;
  natsCluster?: number;
}

export class ChaosStack {
  readonly runId: string;
  readonly database: string;
  readonly databaseUrl: string;
  readonly logDir: string;
  readonly natsStore: string;
  readonly appEnv: Record<string, string>;
  readonly replicas: number;
  readonly natsCluster: number;
  /** Replica name → the port it answers on when several run (gateway: HTTP, service: metrics). */
  readonly replicaPorts = new Map<string, number>();
  readonly gatewayPorts: number[] = [];
  readonly apps = new Map<string, Supervised>();
  nats: Supervised | null = null;
  natsNodes: NodeProcess[] | null = null;
  natsAuth: NatsAuthSetup;
  natsPort = 0;
  port = 0;
  env: NodeJS.ProcessEnv = {};
  appNames: string[] = [];
  smsc: Supervised | null = null;
  /** Set by run.ts before start(): the apps reach NATS and PostgreSQL through these proxies. */
  proxies: ProxyFaults | null = null;
  /** Set by run.ts before start(): a deliberately broken build of one app (mutants/). */
  mutant: Mutant | null = null;
  stopped = false;
  private readonly log: Log;
  private readonly onCrash: (name: string, info: ExitInfo) => void;
  private databaseCreated = false;
  private rolePrefix = '';
  private roles: { urls: Record<string, string> } = { urls: {} };
  private smscPort = 0;
  private smscHttpPort = 0;
  private balancer: { stop(): Promise<void> } | null = null;
  private stopping: Promise<void> | null = null;

  constructor({ runId, adminUrl, appEnv, onCrash, log, replicas = 1, natsCluster = 0 }: ChaosStackOptions) {
    this.replicas = replicas;
    this.natsCluster = natsCluster;
    this.runId = runId;
    this.database = `sms_chaos_test_${runId}`;
    if (!SAFE_DB.test(this.database)) throw new Error(`refusing database name ${this.database}`);
    this.databaseUrl = devPostgres.withDatabase(adminUrl, this.database);
    this.logDir = path.join(REPO_ROOT, 'tmp', 'chaos-logs', runId);
    this.natsStore = path.join(REPO_ROOT, 'tmp', 'chaos-nats', runId);
    this.appEnv = appEnv;
    this.onCrash = onCrash ?? (() => undefined);
    this.log = log;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api/v1`;
  }

  /** Which apps are built (dist/apps/<app>/src/main.js exists). */
  static builtApps(): string[] {
    return [...devApps.SERVICE_APPS, 'gateway'].filter((app) => fs.existsSync(devApps.appMain(app)));
  }

  async start(apps: string[]): Promise<void> {
    fs.mkdirSync(this.logDir, { recursive: true });
    fs.mkdirSync(this.natsStore, { recursive: true });
    await devPostgres.ensureDatabase(this.databaseUrl);
    this.databaseCreated = true;
    // Each service connects (and migrates) as its own role, owner of its schema only, as in production.
    await serviceRoles.dropOrphanRunRoles(this.databaseUrl).catch(() => undefined);
    this.rolePrefix = serviceRoles.rolePrefixFor(this.database);
    this.roles = await serviceRoles.bootstrapServiceRoles({ databaseUrl: this.databaseUrl, prefix: this.rolePrefix });
    let natsUrl: string;
    if (this.natsCluster > 1) {
      // The cluster tier tests JetStream replication and leader loss: its nodes run without nkey
      // users (the apps still get the actor-assertion keys); permissions are the single server's.
      this.natsAuth = devNatsAuth.assertionOnlyEnv();
      const cluster = await devNatsCluster.planNatsCluster({ size: this.natsCluster, baseDir: this.natsStore });
      const nodes = cluster.nodes.map((node) => this.superviseNode(node));
      this.natsNodes = nodes;
      await Promise.all(nodes.map((n) => this.startNode(n)));
      natsUrl = cluster.url;
      this.natsPort = cluster.nodes[0].port;
    } else {
      this.natsPort = await devNet.findFreePort(0);
      if (this.natsPort === 4222) this.natsPort = await devNet.findFreePort(0); // never the machine's NATS
      // nkey users per app with their subject permissions (libs/nats-auth), like npm start's.
      this.natsAuth = devNatsAuth.prepareAuthNats({
        dir: path.join(this.logDir, 'nats-conf'),
        port: this.natsPort,
        storeDir: this.natsStore,
        prefix: this.appEnv.NATS_PREFIX || '',
      });
      await this.startNats();
      natsUrl = `nats://127.0.0.1:${this.natsPort}`;
    }
    this.port = await devNet.findFreePort(0);
    const smpp = await this.startSmsc();
    this.env = {
      ...process.env,
      ...this.appEnv,
      DATABASE_URL: this.databaseUrl,
      NATS_URL: natsUrl,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      // A development signing key per run (identity has no default).
      JWT_SIGNING_KEYS: process.env.JWT_SIGNING_KEYS || devKeys.generateSigningKeys(),
      ...smpp,
    };
    for (const v of ['NATS_NKEY_SEED', 'NATS_NKEY_SEED_FILE', 'NATS_INBOX_PREFIX', 'ACTOR_ASSERTION_SIGNING_KEY', 'ACTOR_ASSERTION_KEY'])
      delete this.env[v];
    // With proxy faults (set by run.ts), the apps reach NATS and PostgreSQL through proxy-faults.ts.
    if (this.proxies) Object.assign(this.env, await this.proxies.route(this.env));
    this.appNames = apps;
    for (const app of apps) {
      for (let i = 1; i <= this.replicas; i++) {
        const name = devApps.replicaName(app, i, this.replicas);
        if (this.replicas > 1) {
          const port = await this.freePort();
          this.replicaPorts.set(name, port);
          if (app === 'gateway') this.gatewayPorts.push(port);
        }
        this.apps.set(name, this.supervise(app, name));
      }
    }
    // Services first (they create their schemas), the gateway last.
    for (const p of this.apps.values()) if (p.app !== 'gateway') p.start();
    for (const p of this.apps.values()) if (p.app === 'gateway') p.start();
    if (this.replicas > 1) {
      // A process of its own, as in front of real replicas (not sharing the traffic's event loop).
      this.balancer = await devBalancer.startBalancerProcess({
        port: this.port,
        upstreams: this.gatewayPorts,
        quiet: true,
        onExit: (info) => {
          if (info && !this.stopped) this.onCrash('balancer', info);
        },
      });
    }
    await this.waitReady(scaled(90000));
  }

  async freePort(): Promise<number> {
    const used = new Set([this.port, this.natsPort, ...this.replicaPorts.values()]);
    for (;;) {
      const p = await devNet.findFreePort(0);
      if (!used.has(p)) return p;
    }
  }

  supervise(app: string, name = app): Supervised {
    const port = this.replicaPorts.get(name);
    const mutant = this.mutant?.app === app ? this.mutant : null;
    const p = new Supervised({
      name,
      command: process.execPath,
      // `--mutant` (run.ts sets this.mutant): its preload patches the compiled app (mutants/).
      args: ['-r', ALIASES, ...(mutant ? ['-r', mutant.file] : []), path.relative(REPO_ROOT, devApps.appMain(app))],
      // With replicas, each has its own port: the gateway's HTTP one, a service's metrics listener.
      env: () => ({
        ...this.appsEnv(app),
        ...this.natsAuth.appEnv(app),
        ...(port === undefined ? {} : app === 'gateway' ? { PORT: String(port) } : { METRICS_PORT: String(port) }),
      }),
      cwd: REPO_ROOT,
      logFile: path.join(this.logDir, `${name}.log`),
      onExit: (info, planned) => {
        if (!planned && !this.stopped) this.onCrash(name, info);
      },
    });
    p.app = app;
    return p;
  }

  /** The apps' environment: a service's own role's DATABASE_URL, none for the gateway (the admin's is for checks). */
  appsEnv(app: string): NodeJS.ProcessEnv {
    const env = { ...this.env };
    delete env.DATABASE_URL;
    const own = this.roles.urls[app];
    if (own) env.DATABASE_URL = this.proxies ? this.proxies.via('pg', own) : own;
    return env;
  }

  /**
   * Resolves once replica `name` (started with several replicas) answers on its own port: a
   * gateway's /health/live, a service's metrics listener (opened after it subscribed to NATS).
   */
  async waitReplicaReady(name: string, timeoutMs = scaled(90000)): Promise<void> {
    const p = this.apps.get(name);
    if (!p) throw new Error(`no replica ${name}`);
    const port = this.replicaPorts.get(name);
    const url =
      p.app === 'gateway' ? `http://127.0.0.1:${port}/api/v1/health/live` : `http://127.0.0.1:${port}/metrics`;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (!p.running()) throw new Error(`${name} exited while starting`);
      const ok = await fetch(url, { signal: AbortSignal.timeout(2000) }).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      if (Date.now() > deadline) throw new Error(`${name} not ready on :${port} within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  superviseNode(node: ClusterNode): NodeProcess {
    const bin = devNats.findNatsServer();
    if (!bin) throw new Error('nats-server not found (apt-get install nats-server, or set NATS_SERVER_BIN)');
    const name = `nats-${node.name}`;
    const p = new Supervised({
      name,
      command: bin,
      args: devNatsCluster.nodeArgs(node),
      env: process.env,
      cwd: REPO_ROOT,
      logFile: path.join(this.logDir, `${name}.log`),
      onExit: (info, planned) => {
        if (!planned && !this.stopped) this.onCrash(name, info);
      },
    });
    return Object.assign(p, { node });
  }

  async startNode(p: NodeProcess): Promise<void> {
    p.start();
    await devNet.waitForPort(p.node.port, {
      timeoutMs: scaled(20000),
      shouldAbort: () => (p.running() ? null : `${p.name} exited during start-up`),
    });
  }

  /** Every broker process: the single nats-server, or the cluster's nodes. */
  brokers(): Supervised[] {
    return this.natsNodes ?? (this.nats ? [this.nats] : []);
  }

  async startNats(): Promise<void> {
    const bin = devNats.findNatsServer();
    if (!bin) throw new Error('nats-server not found (apt-get install nats-server, or set NATS_SERVER_BIN)');
    const confPath = this.natsAuth.confPath;
    if (!confPath) throw new Error('no nats-server configuration (a cluster run starts nodes, not one server)');
    const nats = (this.nats ??= new Supervised({
      name: 'nats',
      command: bin,
      args: ['-c', confPath],
      env: process.env,
      cwd: REPO_ROOT,
      logFile: path.join(this.logDir, 'nats.log'),
      onExit: (info, planned) => {
        if (!planned && !this.stopped) this.onCrash('nats', info);
      },
    }));
    nats.start();
    await devNet.waitForPort(this.natsPort, {
      timeoutMs: scaled(15000),
      shouldAbort: () => (nats.running() ? null : 'nats-server exited during start-up'),
    });
  }

  /**
   * The smsc-simulator app as the carrier (when built): messaging sends over SMPP to it, as with
   * `npm start`, so connection drops and SMSC restarts are among the faults. Its own free ports.
   */
  async startSmsc(): Promise<Record<string, string>> {
    if (!fs.existsSync(devApps.appMain('smsc-simulator'))) return {};
    this.smscPort = await devNet.findFreePort(0);
    this.smscHttpPort = await devNet.findFreePort(0);
    this.smsc = new Supervised({
      name: 'smsc',
      command: process.execPath,
      args: ['-r', ALIASES, path.relative(REPO_ROOT, devApps.appMain('smsc-simulator'))],
      env: () => ({
        ...process.env,
        SMSC_PORT: String(this.smscPort),
        SMSC_HTTP_PORT: String(this.smscHttpPort),
        SMSC_DLR_DELAY_MS: '50',
        SMSC_TPS: '5000',
        SMSC_WINDOW: '200',
      }),
      cwd: REPO_ROOT,
      logFile: path.join(this.logDir, 'smsc.log'),
      onExit: (info, planned) => {
        if (!planned && !this.stopped) this.onCrash('smsc', info);
      },
    });
    await this.startSmscProcess();
    return {
      CARRIER: 'smpp',
      SMPP_URL: `smpp://smsc:secret@127.0.0.1:${this.smscPort}`,
      SMPP_WINDOW: '50',
      SMPP_TPS: '2000',
      SMPP_REBIND_MAX_MS: '1000',
      SMPP_ENQUIRE_LINK_MS: '2000',
      SMPP_RESPONSE_TIMEOUT_MS: '3000',
    };
  }

  async startSmscProcess(): Promise<void> {
    const smsc = this.smsc;
    if (!smsc) return;
    smsc.start();
    await devNet.waitForPort(this.smscHttpPort, {
      timeoutMs: scaled(15000),
      shouldAbort: () => (smsc.running() ? null : 'smsc-simulator exited during start-up'),
    });
  }

  /** The SMSC drops every SMPP connection (its control endpoint); clients rebind and resubmit. */
  async dropSmppConnections(): Promise<void> {
    const res = await fetch(`http://127.0.0.1:${this.smscHttpPort}/drop`, { method: 'POST' });
    if (!res.ok) throw new Error(`smsc /drop answered ${res.status}`);
  }

  /** A planned SMSC restart: SIGTERM (it delivers what it owes first), `downMs` down, started again. */
  async restartSmsc({ downMs }: { downMs: number }): Promise<void> {
    if (!this.smsc) return;
    await this.smsc.stop(15000);
    await new Promise((r) => setTimeout(r, downMs));
    if (!this.stopped) await this.startSmscProcess();
  }

  /** kill -9 (or SIGTERM when graceful) the broker, wait `downMs`, start it again on the same port and store. */
  async restartNats({ graceful, downMs }: { graceful: boolean; downMs: number }): Promise<void> {
    if (!this.nats) return;
    if (graceful) await this.nats.stop(10000);
    else await this.nats.kill9();
    await new Promise((r) => setTimeout(r, downMs));
    await this.startNats();
  }

  /** Starts every app that is not running (after the faults, or one that crashed). */
  startMissing(): string[] {
    const started: string[] = [];
    if (this.smsc && !this.smsc.running()) {
      this.smsc.start();
      started.push('smsc');
    }
    for (const [name, p] of this.apps) {
      if (!p.running()) {
        p.start();
        started.push(name);
      }
    }
    return started;
  }

  /** Resolves when /health/ready is 200 (every service answering through NATS). */
  async waitReady(timeoutMs: number): Promise<void> {
    const services = (this.appNames.length ? this.appNames : [...this.apps.keys()]).filter((a) => a !== 'gateway');
    await devApps.waitForReady(`${this.apiUrl}/health/ready`, { timeoutMs, services, intervalMs: 300 });
  }

  /** Stops the apps (gateway first), the broker, removes its store and drops the database. Idempotent. */
  async stop({ keepDatabase = false }: { keepDatabase?: boolean } = {}): Promise<void> {
    if (this.stopping) return this.stopping;
    this.stopped = true;
    this.stopping = (async () => {
      if (this.balancer) await this.balancer.stop();
      await Promise.all([...this.apps.values()].filter((p) => p.app === 'gateway').map((p) => p.stop(5000)));
      await Promise.all([...this.apps.values()].map((p) => p.stop(8000)));
      if (this.smsc) await this.smsc.stop(5000);
      if (this.proxies) await this.proxies.stop();
      if (this.nats) await this.nats.stop(5000);
      if (this.natsNodes) await Promise.all(this.natsNodes.map((n) => n.stop(5000)));
      fs.rmSync(this.natsStore, { recursive: true, force: true });
      if (this.databaseCreated && !keepDatabase) {
        await devPostgres
          .dropDatabase(this.databaseUrl)
          .catch((e: unknown) => this.log(`could not drop ${this.database}: ${String(e)}`));
        await serviceRoles
          .dropServiceRoles({ adminUrl: this.databaseUrl, prefix: this.rolePrefix })
          .catch((e: unknown) => this.log(`could not drop the roles ${this.rolePrefix}*: ${String(e)}`));
      }
    })();
    return this.stopping;
  }
}
