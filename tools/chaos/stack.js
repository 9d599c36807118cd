// The chaos run's stack: a fresh database on TEST_DATABASE_URL's server, a private nats-server
// (JetStream, free port, store under tmp/) and the seven apps from dist/, each a Supervised
// process that faults.js may kill and restart. createStack() from tools/dev-stack is not used
// because it stops everything when one child dies, which is exactly what happens here on purpose;
// its building blocks (appMain, findNatsServer, ports, ensure/dropDatabase, waitForReady) are.
'use strict';
const fs = require('fs');
const path = require('path');
const { REPO_ROOT, SERVICE_APPS, appMain, waitForReady } = require('../dev-stack/apps');
const { findNatsServer } = require('../dev-stack/nats');
const { assertionOnlyEnv, prepareAuthNats } = require('../dev-stack/nats-auth');
const { findFreePort, waitForPort } = require('../dev-stack/net');
const { planNatsCluster, nodeArgs } = require('../dev-stack/nats-cluster');
const { replicaName } = require('../dev-stack/apps');
const { startBalancer } = require('../dev-stack/balancer');
const { generateSigningKeys } = require('../dev-stack/keys');
const { ensureDatabase, dropDatabase, withDatabase } = require('../dev-stack/postgres');
const { bootstrapServiceRoles, dropServiceRoles, dropOrphanRunRoles, rolePrefixFor } = require('../db/service-roles');
const { Supervised } = require('./processes');
const { scaled } = require('./slowness');

const ALIASES = path.join(REPO_ROOT, 'dist', 'tools', 'runtime', 'register-aliases.js');
const SAFE_DB = /^sms_chaos_test_[a-z0-9_]+$/;

/**
 * The apps' environment, like the e2e tier's: auth limits out of the way, a fast simulated carrier,
 * alerts mailed to our SMTP server, and short retry/sweep delays so the system settles within a run.
 */
function chaosAppEnv({ natsPrefix, smtpUrl }) {
  return {
    NATS_PREFIX: natsPrefix,
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL || 'warn',
    ACCESS_TOKEN_TTL_SECONDS: '3600',
    AUTH_RATE_LIMIT_PER_MINUTE: '1000000',
    LOGIN_RATE_LIMIT_PER_EMAIL: '1000000',
    // Per-user limits and the login backoff out of the way too (the traffic is one client).
    LOGIN_FREE_FAILURES: '1000000',
    LOGIN_FREE_FAILURES_PER_EMAIL: '1000000',
    PASSWORD_CHANGES_PER_HOUR: '1000000',
    SUB_ACCOUNT_CREATIONS_PER_HOUR: '1000000',
    CONTACT_CHANGES_PER_HOUR: '1000000',
    EMAIL_CONFLICTS_PER_HOUR: '1000000',
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

class ChaosStack {
  /**
   * @param {object} o
   * @param {string} o.runId        names the database, the NATS prefix and the log/store dirs
   * @param {string} o.adminUrl     any database on the PostgreSQL server to use
   * @param {object} o.appEnv       variables for every app (on top of process.env)
   * @param {(name, info) => void} o.onCrash  an app or nats-server exited without being asked to
   */
  constructor({ runId, adminUrl, appEnv, onCrash, log, replicas = 1, natsCluster = 0 }) {
    this.replicas = replicas;
    this.natsCluster = natsCluster;
    /** Replica name → the port it answers on when several run (gateway: HTTP, service: metrics). */
    this.replicaPorts = new Map();
    this.gatewayPorts = [];
    this.runId = runId;
    this.database = `sms_chaos_test_${runId}`;
    if (!SAFE_DB.test(this.database)) throw new Error(`refusing database name ${this.database}`);
    this.databaseUrl = withDatabase(adminUrl, this.database);
    this.logDir = path.join(REPO_ROOT, 'tmp', 'chaos-logs', runId);
    this.natsStore = path.join(REPO_ROOT, 'tmp', 'chaos-nats', runId);
    this.appEnv = appEnv;
    this.onCrash = onCrash || (() => undefined);
    this.log = log;
    this.apps = new Map();
    this.nats = null;
    this.databaseCreated = false;
    this.stopped = false;
  }

  get apiUrl() {
    return `http://127.0.0.1:${this.port}/api/v1`;
  }

  /** Which apps are built (dist/apps/<app>/src/main.js exists). */
  static builtApps() {
    return [...SERVICE_APPS, 'gateway'].filter((app) => fs.existsSync(appMain(app)));
  }

  async start(apps) {
    fs.mkdirSync(this.logDir, { recursive: true });
    fs.mkdirSync(this.natsStore, { recursive: true });
    await ensureDatabase(this.databaseUrl);
    this.databaseCreated = true;
    // Each service connects (and migrates) as its own role, owner of its schema only, as in production.
    await dropOrphanRunRoles(this.databaseUrl).catch(() => undefined);
    this.rolePrefix = rolePrefixFor(this.database);
    this.roles = await bootstrapServiceRoles({ databaseUrl: this.databaseUrl, prefix: this.rolePrefix });
    let natsUrl;
    if (this.natsCluster > 1) {
      // The cluster tier tests JetStream replication and leader loss: its nodes run without nkey
      // users (the apps still get the actor-assertion keys); permissions are the single server's.
      this.natsAuth = assertionOnlyEnv();
      this.cluster = await planNatsCluster({ size: this.natsCluster, baseDir: this.natsStore });
      this.natsNodes = this.cluster.nodes.map((node) => this.superviseNode(node));
      await Promise.all(this.natsNodes.map((n) => this.startNode(n)));
      natsUrl = this.cluster.url;
      this.natsPort = this.cluster.nodes[0].port;
    } else {
      this.natsPort = await findFreePort(0);
      if (this.natsPort === 4222) this.natsPort = await findFreePort(0); // never the machine's NATS
      // nkey users per app with their subject permissions (libs/nats-auth), like npm start's.
      this.natsAuth = prepareAuthNats({
        dir: path.join(this.logDir, 'nats-conf'),
        port: this.natsPort,
        storeDir: this.natsStore,
        prefix: this.appEnv.NATS_PREFIX || '',
      });
      await this.startNats();
      natsUrl = `nats://127.0.0.1:${this.natsPort}`;
    }
    this.port = await findFreePort(0);
    const smpp = await this.startSmsc();
    this.env = {
      ...process.env,
      ...this.appEnv,
      DATABASE_URL: this.databaseUrl,
      NATS_URL: natsUrl,
      PORT: String(this.port),
      HOST: '127.0.0.1',
      // A development signing key per run (identity has no default).
      JWT_SIGNING_KEYS: process.env.JWT_SIGNING_KEYS || generateSigningKeys(),
      ...smpp,
    };
    for (const v of ['NATS_NKEY_SEED', 'NATS_NKEY_SEED_FILE', 'NATS_INBOX_PREFIX', 'ACTOR_ASSERTION_SIGNING_KEY'])
      delete this.env[v];
    // With proxy faults (set by run.js), the apps reach NATS and PostgreSQL through proxy-faults.js.
    if (this.proxies) Object.assign(this.env, await this.proxies.route(this.env));
    this.appNames = apps;
    for (const app of apps) {
      for (let i = 1; i <= this.replicas; i++) {
        const name = replicaName(app, i, this.replicas);
        if (this.replicas > 1) this.replicaPorts.set(name, await this.freePort());
        if (this.replicas > 1 && app === 'gateway') this.gatewayPorts.push(this.replicaPorts.get(name));
        this.apps.set(name, this.supervise(app, name));
      }
    }
    // Services first (they create their schemas), the gateway last.
    for (const p of this.apps.values()) if (p.app !== 'gateway') p.start();
    for (const p of this.apps.values()) if (p.app === 'gateway') p.start();
    if (this.replicas > 1) {
      this.balancer = await startBalancer({ port: this.port, upstreams: () => this.gatewayPorts });
    }
    await this.waitReady(scaled(90000));
  }

  async freePort() {
    const used = new Set([this.port, this.natsPort, ...this.replicaPorts.values()]);
    for (;;) {
      const p = await findFreePort(0);
      if (!used.has(p)) return p;
    }
  }

  supervise(app, name = app) {
    const port = this.replicaPorts.get(name);
    const p = new Supervised({
      name,
      command: process.execPath,
      // `--mutant` (run.js sets this.mutant): its preload patches the compiled app (mutants/).
      args: [
        '-r',
        ALIASES,
        ...(this.mutant?.app === app ? ['-r', this.mutant.file] : []),
        path.relative(REPO_ROOT, appMain(app)),
      ],
      // With replicas, each has its own port: the gateway's HTTP one, a service's metrics listener.
      env: () => ({
        ...this.appsEnv(app),
        ...this.natsAuth.appEnv(app),
        ...(port === undefined ? {} : app === 'gateway' ? { PORT: String(port) } : { METRICS_PORT: String(port) }),
      }),
      cwd: REPO_ROOT,
      logFile: path.join(this.logDir, `${name}.log`),
      onExit: (info, planned) => !planned && !this.stopped && this.onCrash(name, info),
    });
    p.app = app;
    return p;
  }

  /** The apps' environment: a service's own role's DATABASE_URL, none for the gateway (the admin's is for checks). */
  appsEnv(app) {
    const env = { ...this.env };
    delete env.DATABASE_URL;
    if (this.roles.urls[app])
      env.DATABASE_URL = this.proxies ? this.proxies.via('pg', this.roles.urls[app]) : this.roles.urls[app];
    return env;
  }

  /**
   * Resolves once replica `name` (started with several replicas) answers on its own port: a
   * gateway's /health/live, a service's metrics listener (opened after it subscribed to NATS).
   */
  async waitReplicaReady(name, timeoutMs = scaled(90000)) {
    const p = this.apps.get(name);
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

  superviseNode(node) {
    const bin = findNatsServer();
    if (!bin) throw new Error('nats-server not found (apt-get install nats-server, or set NATS_SERVER_BIN)');
    const p = new Supervised({
      name: `nats-${node.name}`,
      command: bin,
      args: nodeArgs(node),
      env: process.env,
      cwd: REPO_ROOT,
      logFile: path.join(this.logDir, `nats-${node.name}.log`),
      onExit: (info, planned) => !planned && !this.stopped && this.onCrash(`nats-${node.name}`, info),
    });
    p.node = node;
    return p;
  }

  async startNode(p) {
    p.start();
    await waitForPort(p.node.port, {
      timeoutMs: scaled(20000),
      shouldAbort: () => (p.running() ? null : `${p.name} exited during start-up`),
    });
  }

  /** Every broker process: the single nats-server, or the cluster's nodes. */
  brokers() {
    return this.natsNodes || [this.nats];
  }

  async startNats() {
    const bin = findNatsServer();
    if (!bin) throw new Error('nats-server not found (apt-get install nats-server, or set NATS_SERVER_BIN)');
    if (!this.nats) {
      this.nats = new Supervised({
        name: 'nats',
        command: bin,
        args: ['-c', this.natsAuth.confPath],
        env: process.env,
        cwd: REPO_ROOT,
        logFile: path.join(this.logDir, 'nats.log'),
        onExit: (info, planned) => !planned && !this.stopped && this.onCrash('nats', info),
      });
    }
    this.nats.start();
    await waitForPort(this.natsPort, {
      timeoutMs: scaled(15000),
      shouldAbort: () => (this.nats.running() ? null : 'nats-server exited during start-up'),
    });
  }

  /**
   * The smsc-simulator app as the carrier (when built): messaging sends over SMPP to it, as with
   * `npm start`, so connection drops and SMSC restarts are among the faults. Its own free ports.
   */
  async startSmsc() {
    if (!fs.existsSync(appMain('smsc-simulator'))) return {};
    this.smscPort = await findFreePort(0);
    this.smscHttpPort = await findFreePort(0);
    this.smsc = new Supervised({
      name: 'smsc',
      command: process.execPath,
      args: ['-r', ALIASES, path.relative(REPO_ROOT, appMain('smsc-simulator'))],
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
      onExit: (info, planned) => !planned && !this.stopped && this.onCrash('smsc', info),
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

  async startSmscProcess() {
    this.smsc.start();
    await waitForPort(this.smscHttpPort, {
      timeoutMs: scaled(15000),
      shouldAbort: () => (this.smsc.running() ? null : 'smsc-simulator exited during start-up'),
    });
  }

  /** The SMSC drops every SMPP connection (its control endpoint); clients rebind and resubmit. */
  async dropSmppConnections() {
    const res = await fetch(`http://127.0.0.1:${this.smscHttpPort}/drop`, { method: 'POST' });
    if (!res.ok) throw new Error(`smsc /drop answered ${res.status}`);
  }

  /** A planned SMSC restart: SIGTERM (it delivers what it owes first), `downMs` down, started again. */
  async restartSmsc({ downMs }) {
    await this.smsc.stop(15000);
    await new Promise((r) => setTimeout(r, downMs));
    if (!this.stopped) await this.startSmscProcess();
  }

  /** kill -9 (or SIGTERM when graceful) the broker, wait `downMs`, start it again on the same port and store. */
  async restartNats({ graceful, downMs }) {
    if (graceful) await this.nats.stop(10000);
    else await this.nats.kill9();
    await new Promise((r) => setTimeout(r, downMs));
    await this.startNats();
  }

  /** Starts every app that is not running (after the faults, or one that crashed). */
  startMissing() {
    const started = [];
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
  waitReady(timeoutMs) {
    const services = (this.appNames || [...this.apps.keys()]).filter((a) => a !== 'gateway');
    return waitForReady(`${this.apiUrl}/health/ready`, { timeoutMs, services, intervalMs: 300 });
  }

  /** Stops the apps (gateway first), the broker, removes its store and drops the database. Idempotent. */
  async stop({ keepDatabase = false } = {}) {
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
        await dropDatabase(this.databaseUrl).catch((e) => this.log(`could not drop ${this.database}: ${e.message}`));
        if (this.roles)
          await dropServiceRoles({ adminUrl: this.databaseUrl, prefix: this.rolePrefix }).catch((e) =>
            this.log(`could not drop the roles ${this.rolePrefix}*: ${e.message}`),
          );
      }
    })();
    return this.stopping;
  }
}

module.exports = { ChaosStack, chaosAppEnv };
