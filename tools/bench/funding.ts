// Credits for benchmark accounts, given the way production gives them: billing's "invoice paid" event
// (BillingEvents.invoicePaid, declared in libs/contracts), which the wallet credits exactly once per
// invoice. The one place a benchmark publishes it: wallet and alerts run without billing and the
// gateway, and the send workloads need more credits than one purchase may buy.
import { BillingEvents, type InvoicePaidData, type MeView, type BalanceView } from '@sms/contracts';
// The event's wire format (envelope, subject, stream) is libs/events'; a tool publishing an event as its
// producer does needs it, and the tooling tag may not depend on data libs: the one exception, here.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { createEnvelope, ensureEventsStream, eventSubject } from '@sms/events';
import { connect } from 'nats';
import { randomUUID } from 'node:crypto';
import { type BenchStack, type BenchUser, expectJson, log, signupAndLogin, sleep } from './harness';

export interface Grant {
  accountId: string;
  smsCount: number;
}

/** Publishes one "invoice paid" event per grant; the wallet applies them asynchronously (wait for it). */
export async function creditThroughInvoicePaid(stack: BenchStack, grants: Grant[]): Promise<void> {
  const natsPrefix = stack.env.NATS_PREFIX;
  // A generous dial timeout: a loaded machine can miss the client's 20 s default.
  const nc = await connect({
    servers: stack.env.NATS_URL,
    timeout: 60_000,
    waitOnFirstConnect: true,
    ...stack.nats.auth.harnessConnectOptions(),
  });
  try {
    await ensureEventsStream(nc, { natsPrefix });
    const js = nc.jetstream();
    for (const { accountId, smsCount } of grants) {
      const data: InvoicePaidData = {
        invoiceId: randomUUID(),
        invoiceNumber: 'bench',
        accountId,
        smsCount,
        paidAt: new Date().toISOString(),
      };
      const envelope = createEnvelope(BillingEvents.invoicePaid, data, { accountId });
      await js.publish(eventSubject(envelope.type, natsPrefix), JSON.stringify(envelope), { msgID: envelope.id });
    }
  } finally {
    await nc.drain();
  }
}

export interface FundedUser extends BenchUser {
  accountId: string;
}

/**
 * `count` owners signed up through the public API, each credited `smsCount` credits, resolved once
 * every balance (GET /account/balance) shows them.
 */
export async function fundedAccounts(stack: BenchStack, count: number, smsCount = 10_000_000): Promise<FundedUser[]> {
  const users: FundedUser[] = [];
  for (let i = 0; i < count; i++) {
    const user = await signupAndLogin(stack.apiUrl);
    const me = await expectJson<MeView>(200, 'GET', `${stack.apiUrl}/me`, { token: user.accessToken });
    users.push({ ...user, accountId: me.accountId });
  }
  await creditThroughInvoicePaid(
    stack,
    users.map((u) => ({ accountId: u.accountId, smsCount })),
  );
  for (const user of users) {
    for (let i = 0; ; i++) {
      const balance = await expectJson<BalanceView>(200, 'GET', `${stack.apiUrl}/account/balance`, {
        token: user.accessToken,
      });
      if (balance.credits > 0) break;
      if (i > 200) throw new Error('the wallet never credited a bench account');
      await sleep(100);
    }
  }
  log(`${count} funded account(s)`);
  return users;
}
