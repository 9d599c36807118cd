#!/usr/bin/env node
// `npm start` (after `npm run build`): PostgreSQL + NATS (reused or started) + all apps, until Ctrl-C.
// See tools/dev-stack/README.md.
import * as path from 'node:path';
import { REPO_ROOT } from '../runtime/paths';
import { RunningStack, createStack } from './stack';
import { NatsNotInstalledError } from './nats';
import { logLine } from './processes';

const log = (message: string, stream?: NodeJS.WritableStream): void => logLine('dev-stack', message, stream);

export async function main(): Promise<void> {
  let exiting = false;
  const stack = createStack({
    carrier: 'smpp',
    // npm start keeps its JetStream store across restarts (events not yet consumed survive).
    natsStoreDir: path.join(REPO_ROOT, '.data', 'nats'),
    onUnexpectedExit: () => {
      log('stack stopped because a process died', process.stderr);
      process.exit(1);
    },
  });

  const shutdown = (signal: NodeJS.Signals): void => {
    if (exiting) {
      log(`${signal} again: killing what is left`, process.stderr);
      process.exit(1); // the supervisor's exit hook sends the last-resort signals
    }
    exiting = true;
    log(`${signal} received, stopping…`);
    stack.stop().then(
      () => {
        log('stopped');
        process.exit(0);
      },
      (err: Error) => {
        log(`error while stopping: ${err.message}`, process.stderr);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => shutdown(signal));

  let running: RunningStack;
  try {
    running = await stack.start();
  } catch (err) {
    if (exiting) return; // interrupted: shutdown() exits
    if (err instanceof NatsNotInstalledError) log(err.message, process.stderr);
    else log(`start-up failed: ${err instanceof Error ? err.stack || err.message : String(err)}`, process.stderr);
    process.exit(1);
  }
  if (exiting) return;
  const lines = [
    '',
    `API:   ${running.apiUrl}`,
    `Docs:  ${running.docsUrl}`,
    `DB:    ${running.postgres.url.replace(/:[^:@/]+@/, ':***@')} (${running.postgres.mode})`,
    `NATS:  ${running.nats.url} (${running.nats.mode})`,
    'Admin: bearer ADMIN_TOKEN (yours, else the one in .data/admin-token) on /api/v1/admin/*, e.g. approving senders',
  ];
  const smsc = running.smsc;
  if (smsc)
    lines.push(
      `SMPP:  ${smsc.url.replace(/:[^:@/]*@/, ':***@')} (${smsc.mode}${smsc.controlUrl ? `, control ${smsc.controlUrl}` : ''})`,
    );
  if (running.apps.skipped.length) lines.push(`Not started (not built): ${running.apps.skipped.join(', ')}`);
  lines.push('Ctrl-C stops everything.', '');
  log(lines.join('\n'));
}

if (require.main === module) {
  main().catch((err: Error) => {
    log(err.stack || err.message, process.stderr);
    process.exit(1);
  });
}
