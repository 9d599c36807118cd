#!/usr/bin/env node
// `npm start` (after `npm run build`): PostgreSQL + NATS (reused or started) + all apps, until Ctrl-C.
// See tools/dev-stack/README.md.
'use strict';
const { createStack } = require('./stack');
const { NatsNotInstalledError } = require('./nats');
const { logLine } = require('./processes');

const log = (message, stream) => logLine('dev-stack', message, stream);

async function main() {
  let exiting = false;
  const stack = createStack({
    carrier: 'smpp',
    // npm start keeps its JetStream store across restarts (events not yet consumed survive).
    natsStoreDir: require('path').join(require('./apps').REPO_ROOT, '.data', 'nats'),
    onUnexpectedExit: () => {
      log('stack stopped because a process died', process.stderr);
      process.exit(1);
    },
  });

  const shutdown = (signal) => {
    if (exiting) {
      log(`${signal} again: killing what is left`, process.stderr);
      process.exit(1); // the exit hook in processes.js sends the last-resort signals
    }
    exiting = true;
    log(`${signal} received, stopping…`);
    stack.stop().then(
      () => {
        log('stopped');
        process.exit(0);
      },
      (err) => {
        log(`error while stopping: ${err.message}`, process.stderr);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => shutdown(signal));

  let running;
  try {
    running = await stack.start();
  } catch (err) {
    if (exiting) return; // interrupted: shutdown() exits
    if (err instanceof NatsNotInstalledError) log(err.message, process.stderr);
    else log(`start-up failed: ${err.stack || err.message}`, process.stderr);
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
    `SMPP:  ${running.smsc.url.replace(/:[^:@/]*@/, ':***@')} (${running.smsc.mode}${running.smsc.controlUrl ? `, control ${running.smsc.controlUrl}` : ''})`,
  ];
  if (running.apps.skipped.length) lines.push(`Not started (not built): ${running.apps.skipped.join(', ')}`);
  lines.push('Ctrl-C stops everything.', '');
  log(lines.join('\n'));
}

if (require.main === module) {
  main().catch((err) => {
    log(err.stack || err.message, process.stderr);
    process.exit(1);
  });
}

module.exports = { main };
