#!/usr/bin/env node
// Reproduction (found by the chaos suite): POST /sms without Idempotency-Key while the wallet is
// slow. Messaging's reserve request times out (NATS_REQUEST_TIMEOUT_MS), the client gets 503, but
// the wallet still applies the reserve afterwards: the credits stay in the reservations book with
// no campaign, for ever (balance lower, sub-account "SMS sent" higher, nothing sent). The reserve
// call in SendSmsService.send is outside the try that undoes a reservation, and nothing
// reconciles reservations with campaigns later. (With a key, the client's retry reuses the
// reservation id and repairs it; without one, or if the client gives up, nobody does.)
// Usage: npm run build && node dist/tools/chaos/repro/leaked-reservation.js   (exit 1 = reproduced)
import { errorStack } from '../types';
import { log, sleep, withReproStack } from './repro-stack';

withReproStack({ NATS_REQUEST_TIMEOUT_MS: '2000' }, async ({ stack, db, api, owner }) => {
  const wallet = stack.apps.get('wallet');
  if (!wallet) throw new Error('wallet is not built');
  log('SIGSTOP the wallet (a long GC pause, a slow disk…), then POST /sms without a key');
  wallet.signal('SIGSTOP');
  const sent = await api('POST', '/sms', owner.token, { to: ['+393331234567'], text: 'repro' });
  log(`POST /sms → ${sent.status} ${sent.body?.code}`);
  wallet.signal('SIGCONT');
  await sleep(5000);
  const balance = (await api('GET', '/account/balance', owner.token)).body?.credits;
  const held = await db.rows<{ id: string; credits: string; refunded_credits: string; settled_at: Date | null }>(
    `SELECT r.id, r.credits, r.refunded_credits, r.settled_at FROM wallet.reservations r
      WHERE NOT EXISTS (SELECT 1 FROM messaging.campaigns c WHERE c.id = r.id)`,
  );
  const campaigns = (await db.one<{ n: number }>(`SELECT count(*)::int AS n FROM messaging.campaigns`)).n;
  log(`balance ${balance} of 100, campaigns ${campaigns}, reservations without a campaign ${JSON.stringify(held)}`);
  const leaked = held.filter((r) => Number(r.refunded_credits) < Number(r.credits)).length;
  log(leaked ? 'REPRODUCED: credits held by a reservation whose campaign does not exist' : 'not reproduced');
  return leaked;
})
  .then((leaked) => process.exit(leaked ? 1 : 0))
  .catch((err: unknown) => {
    log(errorStack(err));
    process.exit(2);
  });
