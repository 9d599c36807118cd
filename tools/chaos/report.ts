// The run's summary: operations, retries, faults, crashes, the checks' notes and violations on
// stdout, the same as JSON in tmp/chaos-logs/<run>/report.json.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CheckContext } from './checks/context';
import type { FaultLog } from './faults';
import { ConnectionPeak, scanLogs } from './observe';
import type { ChaosStack } from './stack';
import type { Traffic } from './traffic';
import type { Crash, Log } from './types';

/** Notes about the environment: PostgreSQL connections, error lines in the app logs. */
export function addRunNotes(ctx: CheckContext, pgPeak: ConnectionPeak, logDir: string): void {
  const logs = scanLogs(logDir);
  const refused = Object.values(logs).reduce((n, c) => n + c.pgTooManyClients, 0);
  ctx.note(
    'run',
    `PostgreSQL connections at peak: ${pgPeak.mine} ours, ${pgPeak.total} of ${pgPeak.max} on the server`,
  );
  ctx.note(
    'run',
    `error lines in the app logs: ${Object.entries(logs)
      .map(([a, c]) => `${a} ${c.errors}`)
      .join(', ')}`,
  );
  if (refused) ctx.note('run', `PostgreSQL refused ${refused} connection(s) (too many clients; a shared server?)`);
}

export function report({
  log,
  traffic,
  faults,
  crashes,
  ctx,
  stack,
  opts,
  runId,
}: {
  log: Log;
  traffic: Traffic;
  faults: FaultLog;
  crashes: Crash[];
  ctx: CheckContext;
  stack: ChaosStack;
  opts: object;
  runId: string;
}): void {
  const s = traffic.stats;
  log(
    `ops by kind: ${Object.entries(s.byOp)
      .map(([k, v]) => `${k} ${JSON.stringify(v)}`)
      .join('; ')}`,
  );
  log(
    `requests ${s.attempts} (${s.retried} ops retried, ${s.repeats} repeats/racing copies), ` +
      `client timeouts injected ${s.clientTimeouts}, gave up ${s.gaveUp}, key-less of unknown outcome ${s.unknownOutcomes}, ` +
      `sub-account creations answered 409 aborted-retry ${s.creationAborted ?? 0}; ` +
      `owners ${traffic.owners.length}, sub-accounts ${traffic.subs.length}`,
  );
  if (crashes.length) {
    log(`processes that exited on their own: ${crashes.map((c) => `${c.name}@${c.atS}s(code ${c.code})`).join(', ')}`);
  }
  for (const n of ctx.notes) log(`  note [${n.check}] ${n.message}`);
  for (const v of ctx.violations) {
    log(`VIOLATION [${v.check}] ${v.message}`);
    for (const sample of v.samples ?? []) log(`    e.g. ${sample}`);
  }
  const file = path.join(stack.logDir, 'report.json');
  const json = { runId, opts, stats: s, faults: faults.byKind, crashes, notes: ctx.notes, violations: ctx.violations };
  fs.writeFileSync(file, JSON.stringify(json, null, 2));
  log(`report: ${path.relative(process.cwd(), file)}`);
}
