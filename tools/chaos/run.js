#!/usr/bin/env node
// `npm run test:chaos` (after `npm run build`): the fault-injection invariant suite.
// Starts the whole stack on a fresh database and a private nats-server, drives random traffic
// through the gateway while killing processes and restarting the broker, waits for quiet, then
// checks the invariants. See tools/chaos/README.md. Last line: `chaos: <ops> ops, <faults> faults,
// <violations> violations`; exit 1 on any violation, 2 when the run itself failed.
'use strict';
const crypto = require('crypto');
const os = require('os');
const path = require('path');
const { ChaosStack, chaosAppEnv } = require('./stack');
const { MailCounter } = require('./smtp');
const { Traffic } = require('./traffic');
const { Faults } = require('./faults');
const { PgFaults } = require('./pg-faults');
const { Db } = require('./db');
const { detectFeatures } = require('./features');
const { waitForQuiet } = require('./quiet');
const { CheckContext } = require('./checks/context');
const { runChecks, enabledChecks } = require('./checks');
const { minimums, unmetGoals } = require('./checks/coverage');
const { sabotage, uncaught } = require('./sabotage');
const { seededRng } = require('./random');
const { killAll } = require('./processes');
const { watchConnections } = require('./observe');
const { report, addRunNotes } = require('./report');
const { RollingRestarts, rollingVerdict } = require('./rolling');
const { NatsLeaderFaults } = require('./nats-leader');
const { ChaosWebhooks } = require('./webhook-receiver');
const { ProxyFaults } = require('./proxy-faults');
const { mutant } = require('./mutants');
const { scaled, slowness } = require('./slowness');
const { TrafficEnd } = require('./traffic-end');

/** The traffic goes on past --duration until the coverage goals are met, at most this many times as long. */
const CAP_FACTOR = 4;
const started = Date.now();
const log = (msg) =>
  process.stdout.write(`chaos ${String(((Date.now() - started) / 1000).toFixed(1)).padStart(6)}s | ${msg}\n`);

function parseArgs(argv) {
  const o = { duration: 75, concurrency: 6, seed: crypto.randomInt(1, 2 ** 31), faults: true, keepDb: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => Number(argv[++i]);
    if (a === '--duration') o.duration = next();
    else if (a === '--long') o.duration = 600;
    else if (a === '--concurrency') o.concurrency = next();
    else if (a === '--seed') o.seed = next();
    else if (a === '--no-faults') o.faults = false;
    else if (a === '--keep-db') o.keepDb = true;
    else if (a === '--self-test') o.selfTest = true;
    else if (a === '--rolling') o.rolling = true;
    else if (a === '--nats-cluster') o.natsCluster = 3;
    else if (a === '--replicas') o.replicas = next();
    else if (a === '--readers') o.readers = next();
    else if (a === '--mutant') o.mutant = mutant(argv[++i]);
    else if (a === '--help') {
      process.stdout.write(
        'node tools/chaos/run.js [--duration s | --long] [--concurrency n] [--seed n] [--no-faults] [--keep-db] [--self-test]\n' +
          '                        [--rolling] [--nats-cluster] [--replicas n] [--readers n] [--mutant name]\n',
      );
      process.exit(0);
    } else throw new Error(`unknown argument ${a}`);
  }
  // The scenarios replace the random faults: --rolling (two replicas of everything restarted one
  // at a time, then kill -9'ed) and --nats-cluster (the events stream's leader node killed).
  if (o.rolling && o.natsCluster) throw new Error('--rolling and --nats-cluster are separate scenarios');
  if (o.rolling || o.natsCluster) {
    o.scenario = o.rolling ? 'rolling' : 'nats-cluster';
    o.faults = false;
    o.replicas = o.replicas || (o.rolling ? 2 : 1);
    if (!argv.includes('--concurrency')) o.concurrency = 16;
    if (!argv.includes('--duration')) o.duration = 60;
    if (!argv.includes('--readers')) o.readers = 24;
  }
  o.replicas = o.replicas || 1;
  if (!Number.isInteger(o.replicas) || o.replicas < 1 || o.replicas > 4) throw new Error('--replicas must be 1 to 4');
  if (!(o.duration > 0) || !(o.concurrency > 0)) throw new Error('--duration and --concurrency must be positive');
  o.long = o.duration >= 300;
  return o;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const runId = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${crypto.randomBytes(3).toString('hex')}`;
  const adminUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const natsPrefix = `c${crypto.randomBytes(4).toString('hex')}.`;
  const rng = seededRng(opts.seed);
  const result = { ops: 0, faults: 0, violations: 0 };
  const live = { traffic: null, faults: null }; // for the figures of an interrupted run
  const crashes = [];
  const mails = new MailCounter();
  const webhooks = new ChaosWebhooks({ rng: seededRng(opts.seed + 1), log });
  let stack = null;
  let db = null;
  let pg = null;
  let interrupted = false;

  const cleanUp = async () => {
    if (db) await db.close();
    if (pg) await pg.reopen();
    if (stack) await stack.stop({ keepDatabase: opts.keepDb });
    await mails.stop();
    await webhooks.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      if (interrupted) {
        killAll();
        process.exit(130);
      }
      interrupted = true;
      log(`${signal}: stopping everything…`);
      cleanUp().finally(() => {
        const ops = live.traffic ? live.traffic.stats.ops : result.ops;
        const faults = live.faults ? live.faults.count : result.faults;
        process.stdout.write(`chaos: ${ops} ops, ${faults} faults, ${result.violations + 1} violations\n`);
        process.exit(130);
      });
    });
  }

  try {
    const apps = ChaosStack.builtApps();
    for (const required of ['gateway', 'identity', 'wallet']) {
      if (!apps.includes(required)) throw new Error(`${required} is not built: run \`npm run build\``);
    }
    await mails.start();
    await webhooks.start();
    stack = new ChaosStack({
      runId,
      adminUrl,
      log,
      appEnv: { ...chaosAppEnv({ natsPrefix, smtpUrl: mails.url }), ...webhooks.appEnv() },
      replicas: opts.replicas,
      natsCluster: opts.natsCluster || 0,
      onCrash: (name, info) => {
        crashes.push({ name, code: info.code, signal: info.signal, atS: Math.round((info.at - started) / 1000) });
        log(`${name} exited on its own (code ${info.code}, signal ${info.signal}); restarting it`);
        setTimeout(() => {
          if (stack.stopped) return;
          const node = stack.natsNodes && stack.natsNodes.find((n) => n.name === name);
          if (node) stack.startNode(node).catch((e) => log(`${name} restart failed: ${e.message}`));
          else if (name === 'nats') stack.startNats().catch((e) => log(`nats restart failed: ${e.message}`));
          else if (name === 'smsc') stack.startSmscProcess().catch((e) => log(`smsc restart failed: ${e.message}`));
          else if (!stack.apps.get(name).running()) stack.apps.get(name).start();
        }, 1000);
      },
    });
    // Proxy faults need the apps behind the proxies from the start; mutants patch one app (mutants/).
    if (opts.faults && !opts.scenario) stack.proxies = new ProxyFaults({ rng });
    if (opts.mutant) stack.mutant = opts.mutant;
    if (opts.mutant) log(`MUTANT ${opts.mutant.name} preloaded into ${opts.mutant.app}: this run must fail`);
    log(
      `run ${runId}, seed ${opts.seed}, ${opts.scenario ? `scenario ${opts.scenario}, at least ` : ''}${opts.duration} s ` +
        `${opts.scenario ? '' : `(on to ${opts.duration * CAP_FACTOR} s until the coverage goals are met) `}` +
        `(load ${os.loadavg()[0].toFixed(1)}, slowness ×${slowness().toFixed(2)}), ` +
        `${opts.concurrency} workers, ${opts.replicas} replica(s) of: ${apps.join(' ')}` +
        (opts.natsCluster ? `, NATS cluster of ${opts.natsCluster}` : ''),
    );
    await stack.start(apps);
    log(
      `stack ready: ${stack.apiUrl} (database ${stack.database}, nats :${stack.natsPort}, prefix ${natsPrefix}, logs ${path.relative(process.cwd(), stack.logDir)})`,
    );
    const features = await detectFeatures(`http://127.0.0.1:${stack.port}`, apps);
    log(
      `features: ${Object.entries(features)
        .map(([k, v]) => `${k}=${v ? 'on' : 'OFF'}`)
        .join(' ')}`,
    );

    const traffic = new Traffic({
      apiUrl: stack.apiUrl,
      rng,
      features,
      runId,
      log,
      limits: { maxOwners: opts.long ? 30 : 10, maxSubsPerOwner: 4 },
      minOk: minimums(opts.duration),
      mails,
      // The scenarios count every client timeout: none is injected.
      injectTimeouts: !opts.scenario,
    });
    pg = new PgFaults({ adminUrl, database: stack.database });
    const scenario = opts.rolling
      ? new RollingRestarts({ stack, traffic, log })
      : opts.natsCluster
        ? new NatsLeaderFaults({ stack, natsPrefix, log })
        : null;
    const faults =
      scenario || new Faults({ stack, rng, intervalMs: opts.long ? [3000, 9000] : [2500, 6000], log, pg, mails });
    Object.assign(live, { traffic, faults });
    const progress = setInterval(
      () =>
        log(
          `traffic: ${traffic.stats.ops} ops, ${traffic.stats.attempts} requests; faults: ${faults.count}; load ${os.loadavg()[0].toFixed(1)}`,
        ),
      15000,
    );
    db = new Db(stack.databaseUrl);
    await db.connect();
    const connections = watchConnections(db, stack.database);
    const trafficStart = Date.now();
    let end = null;
    if (scenario) {
      // The traffic runs until the scenario is over (and at least --duration), then 3 s more.
      const until = Date.now() + opts.duration * 1000;
      const scenarioEnd = { until: Number.MAX_SAFE_INTEGER };
      const running = traffic.run(scenarioEnd, opts.concurrency, opts.readers || 0);
      try {
        await (opts.rolling ? scenario.run() : scenario.run(traffic));
      } finally {
        scenarioEnd.until = Math.max(until, Date.now() + 3000);
      }
      await running;
    } else {
      // --duration, then on until every coverage goal is met, at most CAP_FACTOR × duration.
      end = new TrafficEnd({ durationS: opts.duration, capFactor: CAP_FACTOR, log });
      const goals = () =>
        unmetGoals({
          stats: traffic.stats,
          minOk: traffic.minOk,
          features,
          db,
          webhooks,
          faults,
          faultsOn: opts.faults,
        });
      await Promise.all([
        traffic.run(end, opts.concurrency),
        opts.faults ? faults.run(end) : null,
        webhooks.register(traffic, stack.apiUrl, end),
        opts.faults ? webhooks.killMidDelivery(end, { stack, faults }) : null,
        end.watch(goals),
      ]);
      log(end.summary());
    }
    clearInterval(progress);
    const pgPeak = await connections.stop();
    result.ops = traffic.stats.ops;
    result.faults = faults.count;
    const trafficS = (Date.now() - trafficStart) / 1000;
    log(
      `traffic over: ${traffic.stats.ops} ops in ${trafficS.toFixed(0)} s; faults ${faults.count} ${JSON.stringify(faults.byKind)}`,
    );
    log(
      `rate: ${(traffic.stats.attempts / trafficS).toFixed(1)} requests/s (${traffic.stats.attempts} HTTP requests, ${(traffic.stats.ops / trafficS).toFixed(1)} ops/s)`,
    );

    if (stack.nats && !stack.nats.running()) await stack.startNats();
    if (stack.natsNodes) for (const n of stack.natsNodes) if (!n.running()) await stack.startNode(n);
    const restarted = stack.startMissing();
    if (restarted.length) log(`starting what is still down: ${restarted.join(' ')}`);
    await stack.waitReady(scaled(90000));
    const quiet = await waitForQuiet(db, { timeoutMs: opts.long ? 240000 : 120000, log });
    const waited = (quiet.waitedMs / 1000).toFixed(1);
    if (quiet.quiet) log(`quiet after ${waited} s`);
    else log(`${quiet.stalled ? 'stalled' : 'NOT quiet'} after ${waited} s: ${JSON.stringify(quiet.pending)}`);

    const ctx = new CheckContext({
      db,
      traffic,
      mails,
      apiUrl: stack.apiUrl,
      natsUrl: stack.env.NATS_URL,
      natsPrefix,
      features,
      rng,
    });
    Object.assign(ctx, {
      crashes,
      durationS: opts.duration,
      natsConnectOptions: stack.natsAuth.harnessConnectOptions(),
      webhooks,
      faultsOn: opts.faults && !opts.scenario,
      faults: opts.scenario ? null : faults,
      trafficEnd: end,
    });
    if (opts.rolling) rollingVerdict(ctx, traffic, scenario, log);
    if (opts.natsCluster) {
      for (const [phase, f] of Object.entries(traffic.failures))
        log(
          `client-visible failures [${phase}]: ${f.fiveXx} 5xx, ${f.timeouts} timeouts, ${f.connection} connection errors of ${f.requests} requests`,
        );
      ctx.note('nats-cluster', `stream leaders: ${JSON.stringify(scenario.leaders)}`);
      if (scenario.copies !== opts.natsCluster)
        ctx.violation(
          'nats-cluster',
          `events stream has ${scenario.copies} copies on a cluster of ${opts.natsCluster}`,
        );
      if (scenario.leaders.length === 0) ctx.violation('nats-cluster', 'no stream leader was killed');
    }
    if (!quiet.quiet && !quiet.stalled)
      ctx.violation('quiet', `still in flight after ${waited} s: ${JSON.stringify(quiet.pending)}`);
    const sabotaged = opts.selfTest ? await sabotage(ctx, enabledChecks(features), log) : [];
    await runChecks(ctx, log);
    result.violations = ctx.violations.length;
    addRunNotes(ctx, pgPeak, stack.logDir);
    if (stack.proxies) ctx.note('run', `TCP proxies: ${JSON.stringify(stack.proxies.stats())}`);
    report({ log, traffic, faults, crashes, ctx, stack, opts, runId });
    if (opts.selfTest) {
      const missed = uncaught(ctx, sabotaged);
      result.selfTestFailed = missed.length > 0;
      log(
        `self-test: ${sabotaged.length - missed.length}/${sabotaged.length} sabotaged checks reported it${missed.length ? `; MISSED: ${missed.join(', ')}` : ''}`,
      );
    }
  } catch (err) {
    log(`run failed: ${err.stack || err.message}`);
    result.violations++;
    result.failed = true;
  } finally {
    if (!interrupted) {
      log('stopping everything…');
      await cleanUp();
      log(
        `done in ${((Date.now() - started) / 1000).toFixed(0)} s (load ${os
          .loadavg()
          .map((l) => l.toFixed(1))
          .join(' ')})`,
      );
    }
  }
  if (interrupted) return new Promise(() => undefined); // the signal handler exits
  process.stdout.write(`chaos: ${result.ops} ops, ${result.faults} faults, ${result.violations} violations\n`);
  if (result.failed) process.exit(2);
  // --self-test expects violations (its own sabotage): it fails when a check missed one.
  process.exit(opts.selfTest ? (result.selfTestFailed ? 1 : 0) : result.violations > 0 ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`${err.stack || err.message}\n`);
  killAll();
  process.stdout.write('chaos: 0 ops, 0 faults, 1 violations\n');
  process.exit(2);
});
