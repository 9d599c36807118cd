#!/usr/bin/env node
// Reproduction (found by the chaos suite): a message accepted by the simulated carrier whose
// delivery report was still pending when messaging stopped stays `sent` forever — never final,
// and for …0001/…0002 never refunded. Even a graceful stop (SIGTERM, i.e. a deploy) loses it:
// SimulatedCarrier.close() clears the report timers, and nothing re-asks the carrier later.
// Usage: npm run build && node dist/tools/chaos/repro/lost-delivery-reports.js   (exit 1 = reproduced)
import { errorStack } from '../types';
import { log, sleep, withReproStack } from './repro-stack';

withReproStack({ SIM_DLR_DELAY_MS: '3000' }, async ({ stack, db, api, owner }) => {
  const sent = await api('POST', '/sms', owner.token, { to: ['+393331234567', '+3933312340001'], text: 'repro' });
  log(`POST /sms → ${sent.status} ${JSON.stringify(sent.body)}`);
  for (let i = 0; i < 50; i++) {
    const { n } = await db.one<{ n: number }>(
      `SELECT count(*)::int AS n FROM messaging.messages WHERE status = 'sent'`,
    );
    if (n === 2) break;
    await sleep(100);
  }
  log('both messages are `sent`, their reports due in 3 s: SIGTERM messaging, start it again');
  const messaging = stack.apps.get('messaging');
  if (!messaging) throw new Error('messaging is not built');
  await messaging.stop();
  messaging.start();
  await stack.waitReady(60000);
  await sleep(10000);
  const rows = await db.rows<{ recipient: string; status: string; refund_state: string }>(
    `SELECT recipient, status, refund_state FROM messaging.messages ORDER BY recipient`,
  );
  for (const r of rows) log(`${r.recipient}: ${r.status} (refund ${r.refund_state}) 10 s after the restart`);
  const stuck = rows.filter((r) => r.status === 'sent').length;
  log(stuck ? `REPRODUCED: ${stuck} message(s) never get a final status` : 'not reproduced: every message is final');
  return stuck;
})
  .then((stuck) => process.exit(stuck ? 1 : 0))
  .catch((err: unknown) => {
    log(errorStack(err));
    process.exit(2);
  });
