// Replies and STOP end to end: messaging with CARRIER=smpp against the SMSC simulator over real
// TCP, mobile-originated SMS injected at the SMSC. Own database (a dispatcher claims every due row
// of its schema) and fake wallet/identity responders.
import {
  Actor,
  ListInboxCommand,
  ListOptOutsCommand,
  MessagingEvents,
  MessagingRpc,
  OptOutCommand,
} from '@sms/contracts';
import { RpcClient } from '@sms/nats';
import { eventually } from '@sms/testing';
import { SmscSimulator } from '@sms/smpp';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { FakeWallet } from '../testing/fake-services';
import { MessagingUnderTest, startMessagingUnderTest } from '../testing/messaging-under-test';

const SHARED = '+393400000777';

/** A distinct handset per call, so reruns and tests never share one. */
const handset = (() => {
  let n = Math.floor(Math.random() * 1_000_000);
  return () => `+39347${String(1_000_000 + (n++ % 8_000_000)).padStart(7, '0')}`;
})();

describe('replies and STOP over SMPP (PostgreSQL + NATS + SMSC simulator on TCP)', () => {
  let messaging: MessagingUnderTest;
  let rpc: RpcClient;
  let wallet: FakeWallet;
  let ds: DataSource;
  let smsc: SmscSimulator;
  const ownerId = randomUUID();
  const manager = (): Actor => ({
    userId: randomUUID(),
    accountId: randomUUID(),
    role: 'manager',
    parentAccountId: ownerId,
  });

  const send = (actor: Actor, sms: object) => messaging.send(actor, sms);
  const inbox = (actor: Actor) => rpc.send(MessagingRpc.listInbox, { actor, query: {} });
  // Deliberately malformed commands, checked by the serving side.
  const raw = <T extends object>(payload: object) => payload as T;
  const status = async (campaignId: string, recipient: string): Promise<string> => {
    const rows: { s: string }[] = await ds.query(
      `SELECT status || '/' || refund_state AS s FROM messaging.messages WHERE campaign_id = $1 AND recipient = $2`,
      [campaignId, recipient],
    );
    return rows[0]?.s ?? 'missing';
  };
  const final = (campaignId: string, recipient: string, expected: string) =>
    eventually(`${recipient} ${expected}`, async () => (await status(campaignId, recipient)) === expected);
  const mo = (from: string, text: string, to = SHARED) => smsc.injectMo({ from, to, text });
  const unroutedFrom = async (from: string): Promise<{ text: string }[]> =>
    ds.query(`SELECT text FROM messaging.inbound_messages WHERE from_number = $1 AND account_id IS NULL`, [from]);

  beforeAll(async () => {
    smsc = new SmscSimulator({ systemId: 'esme', password: 'pw', dlrDelayMs: 20 });
    const port = await smsc.listen(0);
    messaging = await startMessagingUnderTest({
      name: 'messaging-inbound-int',
      ownDatabase: 'inbound',
      senders: new Map(), // no account names a sender: the shared number
      env: {
        CARRIER: 'smpp',
        SMPP_URL: `smpp://esme:pw@127.0.0.1:${port}`,
        SMPP_TPS: '2000',
        SMPP_REBIND_MAX_MS: '200',
        SHARED_NUMBER: SHARED,
      },
    });
    ({ rpc, wallet, ds } = messaging);
  });

  afterAll(async () => {
    await messaging?.close();
    await smsc?.close();
  });

  it('routes a reply to the sub-account that last sent to the handset from the shared number, and keeps the rest unrouted', async () => {
    const [a, b] = [manager(), manager()];
    wallet.balances.set(a.accountId, 10);
    wallet.balances.set(b.accountId, 10);
    const [h1, h2, stranger] = [handset(), handset(), handset()];
    const first = await send(a, { to: [h1, h2], text: 'Appointment tomorrow at 10?' });
    await final(first.campaignId, h1, 'delivered/none');
    const second = await send(b, { to: [h1], text: 'Your parcel is on its way' });
    await final(second.campaignId, h1, 'delivered/none');
    expect(
      smsc
        .received()
        .filter((r) => r.to === h1.slice(1))
        .map((r) => r.from),
    ).toEqual([SHARED.slice(1), SHARED.slice(1)]);

    mo(h1, 'Thanks!');
    mo(h2, 'Yes, 10 is fine');
    mo(stranger, 'Who is this?');
    mo(h1, 'to another number', '+393400000999');

    const bInbox = await eventually('b’s reply', async () => {
      const page = await inbox(b);
      return page.items.length === 1 && page;
    });
    expect(bInbox.items[0]).toEqual({
      id: expect.any(String),
      from: h1,
      to: SHARED,
      text: 'Thanks!',
      receivedAt: expect.any(String),
      subAccountId: b.accountId,
    });
    const aInbox = await eventually('a’s reply', async () => {
      const page = await inbox(a);
      return page.items.length === 1 && page;
    });
    expect(aInbox.items.map((i) => [i.from, i.text])).toEqual([[h2, 'Yes, 10 is fine']]);
    expect(await eventually('unrouted stranger', async () => (await unroutedFrom(stranger)).length === 1 && true)).toBe(
      true,
    );
    expect(await eventually('unrouted other number', async () => (await unroutedFrom(h1)).length === 1 && true)).toBe(
      true,
    );
    expect(await unroutedFrom(h1)).toEqual([{ text: 'to another number' }]);

    // One inbound.received event per routed reply, through the outbox.
    const events: { accountId: string }[] = await ds.query(
      `SELECT payload->'data'->>'accountId' AS "accountId" FROM messaging.outbox WHERE type = $1`,
      [MessagingEvents.inboundReceived.type],
    );
    expect(events.map((e) => e.accountId).sort()).toEqual([a.accountId, b.accountId].sort());
  });

  it('keeps a UCS-2 reply holding U+0000 or an unpaired surrogate, with U+FFFD in their place, and acknowledges it', async () => {
    const a = manager();
    wallet.balances.set(a.accountId, 5);
    const [h, stranger] = [handset(), handset()];
    const sent = await send(a, { to: [h], text: 'Reply to this one' });
    await final(sent.campaignId, h, 'delivered/none');
    const pendingBefore = smsc.stats().mosPending;
    mo(h, 'Ciao\u0000 a\ud800 tutti');
    mo(stranger, '\u0000\udc00');
    const page = await eventually('the routed reply', async () => {
      const p = await inbox(a);
      return p.items.length === 1 && p;
    });
    expect(page.items[0]).toMatchObject({ from: h, text: 'Ciao\uFFFD a\uFFFD tutti', subAccountId: a.accountId });
    expect(await eventually('the unrouted one', async () => (await unroutedFrom(stranger)).length === 1 && true)).toBe(
      true,
    );
    expect(await unroutedFrom(stranger)).toEqual([{ text: '\uFFFD\uFFFD' }]);
    // Both acknowledged: the SMSC owes nothing more (refused, it would resend them without end).
    await eventually('both acknowledged', async () => smsc.stats().mosPending <= pendingBefore && true);
  });

  it('sends racing to one handset: the reply goes to the one handed to the carrier last', async () => {
    const senders = Array.from({ length: 5 }, () => manager());
    for (const m of senders) wallet.balances.set(m.accountId, 5);
    const h = handset();
    const sent = await Promise.all(senders.map((m) => send(m, { to: [h], text: `race ${m.accountId}` })));
    for (const r of sent) await final(r.campaignId, h, 'delivered/none');
    const [last]: { accountId: string }[] = await ds.query(
      `SELECT c.account_id AS "accountId" FROM messaging.messages m JOIN messaging.campaigns c ON c.id = m.campaign_id
        WHERE m.recipient = $1 ORDER BY m.sent_at DESC, m.id DESC LIMIT 1`,
      [h],
    );
    mo(h, 'which one of you?');
    const owner = senders.find((m) => m.accountId === last.accountId)!;
    await eventually('routed to the last', async () => (await inbox(owner)).items.some((i) => i.from === h));
    for (const other of senders.filter((m) => m !== owner)) expect((await inbox(other)).items).toEqual([]);
  });

  it('STOP puts the handset on the sender’s list: later sends end blocked and uncharged; removed, it receives again', async () => {
    const a = manager();
    wallet.balances.set(a.accountId, 10);
    const [h, other] = [handset(), handset()];
    const first = await send(a, { to: [h], text: 'Sale starts today' });
    await final(first.campaignId, h, 'delivered/none');
    expect(wallet.balances.get(a.accountId)).toBe(9);

    mo(h, '  stop ');
    const list = await eventually('opted out', async () => {
      const page = await rpc.send(MessagingRpc.listOptOuts, { actor: a, query: {} });
      return page.items.length === 1 && page;
    });
    expect(list.items[0]).toMatchObject({ phone: h, source: 'stop' });

    const received = () => smsc.received().filter((r) => r.to === h.slice(1)).length;
    const before = received();
    const mixed = await send(a, { to: [h, other], text: 'Last chance' });
    expect(mixed).toMatchObject({ recipients: 2, creditsCharged: 1 });
    await final(mixed.campaignId, other, 'delivered/none');
    expect(await status(mixed.campaignId, h)).toBe('blocked/none');
    const only = await send(a, { to: [h], text: 'Really last chance' });
    expect(only).toMatchObject({ recipients: 1, segments: 1, creditsCharged: 0 });
    expect(await status(only.campaignId, h)).toBe('blocked/none');
    expect(wallet.balances.get(a.accountId)).toBe(8); // only `other` was charged
    expect(received()).toBe(before);

    // Removed by hand: the handset receives again.
    await rpc.send(MessagingRpc.removeOptOut, { actor: a, phone: h });
    const again = await send(a, { to: [h], text: 'Welcome back' });
    expect(again.creditsCharged).toBe(1);
    await final(again.campaignId, h, 'delivered/none');
    expect(received()).toBe(before + 1);
    expect(wallet.balances.get(a.accountId)).toBe(7);
  });

  it('a number opted out after its message was queued is blocked at dispatch and refunded', async () => {
    const a = manager();
    wallet.balances.set(a.accountId, 5);
    const h = handset();
    const scheduledAt = new Date(Date.now() + 3_000).toISOString();
    const res = await send(a, { to: [h], text: 'Scheduled reminder', scheduledAt });
    expect(res.creditsCharged).toBe(1);
    expect(wallet.balances.get(a.accountId)).toBe(4);
    const added = await rpc.send(MessagingRpc.addOptOut, { actor: a, phone: h });
    expect(added).toMatchObject({ phone: h, source: 'manual' });
    await final(res.campaignId, h, 'blocked/done');
    expect(wallet.balances.get(a.accountId)).toBe(5);
    expect(smsc.received().some((r) => r.to === h.slice(1))).toBe(false);
  });

  it('refuses bad input with 400s and changes nothing', async () => {
    const a = manager();
    await expect(
      rpc.send(MessagingRpc.addOptOut, raw<OptOutCommand>({ actor: a, phone: '3331234567' })),
    ).rejects.toMatchObject({
      problem: { status: 400 },
    });
    await expect(
      rpc.send(
        MessagingRpc.listInbox,
        raw<ListInboxCommand>({ actor: a, query: { from: '2026-05-02', to: '2026-05-01' } }),
      ),
    ).rejects.toMatchObject({ problem: { status: 400 } });
    await expect(
      rpc.send(MessagingRpc.listOptOuts, raw<ListOptOutsCommand>({ actor: a, query: { cursor: 'bm90LWEtY3Vyc29y' } })),
    ).rejects.toMatchObject({ problem: { status: 400 } });
    await expect(
      rpc.send(MessagingRpc.listInbox, { actor: a, query: { subAccountId: randomUUID() } }),
    ).rejects.toMatchObject({ problem: { status: 404 } });
    const rows: unknown[] = await ds.query(`SELECT 1 FROM messaging.opt_outs WHERE account_id = $1`, [a.accountId]);
    expect(rows).toHaveLength(0);
  });
});
