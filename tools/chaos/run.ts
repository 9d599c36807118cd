#!/usr/bin/env node
// `npm run test:chaos` (after `npm run build`): the fault-injection invariant suite.
// Starts the whole stack on a fresh database and a private nats-server, drives random traffic
// through the gateway while killing processes and restarting the broker, waits for quiet, then
// checks the invariants. See tools/chaos/README.md. Last line: `chaos: <ops> ops, <faults> faults,
// <violations> violations`; exit 1 on any violation, 2 when the run itself failed.
import * as crypto from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { enabledChecks, runChecks } from './checks';
import { CheckContext } from './checks/context';
import { minimums, unmetGoals } from './checks/coverage';
import { Db } from './db';
import { FaultLog, Faults } from './faults';
import { detectFeatures } from './features';
import { Mutant, mutant } from './mutants';
import { NatsLeaderFaults } from './nats-leader';
import { watchConnections } from './observe';
import { PgFaults } from './pg-faults';
import { killAll } from './processes';
import { ProxyFaults } from './proxy-faults';
import { waitForQuiet } from './quiet';
import { seededRng } from './random';
import { addRunNotes, report } from './report';
import { RollingRestarts, rollingVerdict } from './rolling';
import { sabotage, uncaught } from './sabotage';
import { scaled, slowness } from './slowness';
import { MailCounter } from './smtp';
import { ChaosStack, chaosAppEnv } from './stack';
import { Traffic } from './traffic';
import { Deadline, TrafficEnd } from './traffic-end';
import { Crash, errorStack } from './types';
import { ChaosWebhooks } from './webhook-receiver';

/** The traffic goes on past --duration until the coverage goals are met, at most this many times as long. */
const CAP_FACTOR = 4;
const started = Date.now();
const log = (msg: string): void => {
  process.stdout.write(`chaos ${String(((Date.now() - started) / 1000).toFixed(1)).padStart(6)}s | ${msg}\n`);
};

interface Options {
  duration: number;
  concurrency: number;
  seed: number;
  faults: boolean;
  keepDb: boolean;
  selfTest: boolean;
  rolling: boolean;
  natsCluster: number;
  replicas: number;
  readers: number;
  mutant: Mutant | null;
  scenario: 'rolling' | 'nats-cluster' | null;
  long: boolean;
}

function parseArgs(argv: string[]): Options {
  const o: Options = {
    duration: 75,
    concurrency: 6,
    seed: crypto.randomInt(1, 2 ** 31),
    faults: true,
    keepDb: false,
    selfTest: false,
    rolling: false,
    natsCluster: 0,
    replicas: 0,
    readers: 0,
    mutant: null,
    scenario: null,
    long: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = (): number => Number(argv[++i]);
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
    else if (a === '--mutant') o.mutant = mutant(argv[++i] ?? '');
    else if (a === '--help') {
      process.stdout.write(
        'node dist/tools/chaos/run.js [--duration s | --long] [--concurrency n] [--seed n] [--no-faults] [--keep-db] [--self-test]\n' +
          '                             [--rolling] [--nats-cluster] [--replicas n] [--readers n] [--mutant name]\n',
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

interface Result {
  ops: number;
  faults: number;
  violations: number;
  failed?: boolean;
  selfTestFailed?: boolean;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  const runId = `${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_${crypto.randomBytes(3).toString('hex')}`;
  const adminUrl = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres';
  const natsPrefix = `c${crypto.randomBytes(4).toString('hex')}.`;
  const rng = seededRng(opts.seed);
  const result: Result = { ops: 0, faults: 0, violations: 0 };
  // For the figures of an interrupted run.
  const live: { traffic: Traffic | null; faults: FaultLog | null } = { traffic: null, faults: null };
  const crashes: Crash[] = [];
  const mails = new MailCounter();
  const webhooks = new ChaosWebhooks({ rng: seededRng(opts.seed + 1), log });
  let stack: ChaosStack | null = null;
  let db: Db | null = null;
  let pg: PgFaults | null = null;
  let interrupted = false;

  const cleanUp = async (): Promise<void> => {
    if (db) await db.close();
    if (pg) await pg.reopen();
    if (stack) await stack.stop({ keepDatabase: opts.keepDb });
    await mails.stop();
    await webhooks.stop();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (interrupted) {
        killAll();
        process.exit(130);
      }
      interrupted = true;
      log(`${signal}: stopping everything…`);
      void cleanUp().finally(() => {
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
    const s = new ChaosStack({
      runId,
      adminUrl,
      log,
      appEnv: { ...chaosAppEnv({ natsPrefix, smtpUrl: mails.url }), ...webhooks.appEnv() },
      replicas: opts.replicas,
      natsCluster: opts.natsCluster,
      onCrash: (name, info) => {
        crashes.push({ name, code: info.code, signal: info.signal, atS: Math.round((info.at - started) / 1000) });
        log(`${name} exited on its own (code ${info.code}, signal ${info.signal}); restarting it`);
        setTimeout(() => {
          if (s.stopped) return;
          const node = s.natsNodes?.find((n) => n.name === name);
          const app = s.apps.get(name);
          if (node) s.startNode(node).catch((e: unknown) => log(`${name} restart failed: ${String(e)}`));
          else if (name === 'nats') s.startNats().catch((e: unknown) => log(`nats restart failed: ${String(e)}`));
          else if (name === 'smsc')
            s.startSmscProcess().catch((e: unknown) => log(`smsc restart failed: ${String(e)}`));
          else if (app && !app.running()) app.start();
        }, 1000);
      },
    });
    stack = s;
    // Proxy faults need the apps behind the proxies from the start; mutants patch one app (mutants/).
    if (opts.faults && !opts.scenario) s.proxies = new ProxyFaults();
    if (opts.mutant) {
      s.mutant = opts.mutant;
      log(`MUTANT ${opts.mutant.name} preloaded into ${opts.mutant.app}: this run must fail`);
    }
    log(
      `run ${runId}, seed ${opts.seed}, ${opts.scenario ? `scenario ${opts.scenario}, at least ` : ''}${opts.duration} s ` +
        `${opts.scenario ? '' : `(on to ${opts.duration * CAP_FACTOR} s until the coverage goals are met) `}` +
        `(load ${os.loadavg()[0].toFixed(1)}, slowness ×${slowness().toFixed(2)}), ` +
        `${opts.concurrency} workers, ${opts.replicas} replica(s) of: ${apps.join(' ')}` +
        (opts.natsCluster ? `, NATS cluster of ${opts.natsCluster}` : ''),
    );
    await s.start(apps);
    log(
      `stack ready: ${s.apiUrl} (database ${s.database}, nats :${s.natsPort}, prefix ${natsPrefix}, logs ${path.relative(process.cwd(), s.logDir)})`,
    );
    const features = await detectFeatures(`http://127.0.0.1:${s.port}`, apps);
    log(
      `features: ${Object.entries(features)
        .map(([k, v]) => `${k}=${v ? 'on' : 'OFF'}`)
        .join(' ')}`,
    );

    const traffic = new Traffic({
      apiUrl: s.apiUrl,
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
    const pgFaults = new PgFaults({ adminUrl, database: s.database });
    pg = pgFaults;
    const rolling = opts.rolling ? new RollingRestarts({ stack: s, traffic, log }) : null;
    const leader = opts.natsCluster ? new NatsLeaderFaults({ stack: s, natsPrefix, log }) : null;
    const randomFaults =
      rolling || leader
        ? null
        : new Faults({ stack: s, rng, intervalMs: opts.long ? [3000, 9000] : [2500, 6000], log, pg: pgFaults, mails });
    const faults: FaultLog = rolling ?? leader ?? randomFaults ?? { count: 0, byKind: {} };
    Object.assign(live, { traffic, faults });
    const progress = setInterval(
      () =>
        log(
          `traffic: ${traffic.stats.ops} ops, ${traffic.stats.attempts} requests; faults: ${faults.count}; load ${os.loadavg()[0].toFixed(1)}`,
        ),
      15000,
    );
    const database = new Db(s.databaseUrl);
    db = database;
    await database.connect();
    const connections = watchConnections(database, s.database);
    const trafficStart = Date.now();
    let end: TrafficEnd | null = null;
    if (rolling || leader) {
      // The traffic runs until the scenario is over (and at least --duration), then 3 s more.
      const until = Date.now() + opts.duration * 1000;
      const scenarioEnd: Deadline = { until: Number.MAX_SAFE_INTEGER };
      const running = traffic.run(scenarioEnd, opts.concurrency, opts.readers);
      try {
        await (rolling ? rolling.run() : leader?.run(traffic));
      } finally {
        scenarioEnd.until = Math.max(until, Date.now() + 3000);
      }
      await running;
    } else {
      // --duration, then on until every coverage goal is met, at most CAP_FACTOR × duration.
      const trafficEnd = new TrafficEnd({ durationS: opts.duration, capFactor: CAP_FACTOR, log });
      end = trafficEnd;
      const goals = (): Promise<string[]> =>
        unmetGoals({
          stats: traffic.stats,
          minOk: traffic.minOk,
          features,
          db: database,
          webhooks,
          faults: randomFaults,
          faultsOn: opts.faults,
        });
      await Promise.all([
        traffic.run(trafficEnd, opts.concurrency),
        opts.faults && randomFaults ? randomFaults.run(trafficEnd) : null,
        webhooks.register(traffic, s.apiUrl, trafficEnd),
        opts.faults && randomFaults ? webhooks.killMidDelivery(trafficEnd, { stack: s, faults: randomFaults }) : null,
        trafficEnd.watch(goals),
      ]);
      log(trafficEnd.summary());
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

    if (s.nats && !s.nats.running()) await s.startNats();
    if (s.natsNodes) for (const n of s.natsNodes) if (!n.running()) await s.startNode(n);
    const restarted = s.startMissing();
    if (restarted.length) log(`starting what is still down: ${restarted.join(' ')}`);
    await s.waitReady(scaled(90000));
    const quiet = await waitForQuiet(database, { timeoutMs: opts.long ? 240000 : 120000, log });
    const waited = (quiet.waitedMs / 1000).toFixed(1);
    if (quiet.quiet) log(`quiet after ${waited} s`);
    else log(`${quiet.stalled ? 'stalled' : 'NOT quiet'} after ${waited} s: ${JSON.stringify(quiet.pending)}`);

    const ctx = new CheckContext({
      db: database,
      traffic,
      mails,
      apiUrl: s.apiUrl,
      natsUrl: String(s.env.NATS_URL),
      natsPrefix,
      features,
      rng,
    });
    ctx.crashes = crashes;
    ctx.durationS = opts.duration;
    ctx.natsConnectOptions = s.natsAuth.harnessConnectOptions();
    ctx.webhooks = webhooks;
    ctx.faultsOn = opts.faults && !opts.scenario;
    ctx.faults = randomFaults;
    ctx.trafficEnd = end;
    if (rolling) rollingVerdict(ctx, traffic, rolling, log);
    if (leader) {
      for (const [phase, f] of Object.entries(traffic.failures))
        log(
          `client-visible failures [${phase}]: ${f.fiveXx} 5xx, ${f.timeouts} timeouts, ${f.connection} connection errors of ${f.requests} requests`,
        );
      ctx.note('nats-cluster', `stream leaders: ${JSON.stringify(leader.leaders)}`);
      if (leader.copies !== opts.natsCluster)
        ctx.violation('nats-cluster', `events stream has ${leader.copies} copies on a cluster of ${opts.natsCluster}`);
      if (leader.leaders.length === 0) ctx.violation('nats-cluster', 'no stream leader was killed');
    }
    if (!quiet.quiet && !quiet.stalled)
      ctx.violation('quiet', `still in flight after ${waited} s: ${JSON.stringify(quiet.pending)}`);
    const sabotaged = opts.selfTest ? await sabotage(ctx, enabledChecks(features), log) : [];
    await runChecks(ctx, log);
    result.violations = ctx.violations.length;
    addRunNotes(ctx, pgPeak, s.logDir);
    if (s.proxies) ctx.note('run', `TCP proxies: ${JSON.stringify(s.proxies.stats())}`);
    report({ log, traffic, faults, crashes, ctx, stack: s, opts, runId });
    if (opts.selfTest) {
      const missed = uncaught(ctx, sabotaged);
      result.selfTestFailed = missed.length > 0;
      log(
        `self-test: ${sabotaged.length - missed.length}/${sabotaged.length} sabotaged checks reported it${missed.length ? `; MISSED: ${missed.join(', ')}` : ''}`,
      );
    }
  } catch (err) {
    log(`run failed: ${errorStack(err)}`);
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

main().catch((err: unknown) => {
  process.stderr.write(`${errorStack(err)}\n`);
  killAll();
  process.stdout.write('chaos: 0 ops, 0 faults, 1 violations\n');
  process.exit(2);
});
