// The messaging service with CARRIER=smpp against the SMSC simulator over real TCP: the dispatcher,
// the receipts and the wallet calls end to end. Own database: a dispatcher claims every due row
// of its schema, so it must not share one with the file that runs the in-process simulator.
import { eventually } from '@sms/testing';
import { Actor } from '@sms/contracts';
import { SmscSimulator } from '@sms/smpp';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MessagingUnderTest, startMessagingUnderTest } from './testing/messaging-under-test';

const owner = (): Actor => ({ userId: randomUUID(), accountId: randomUUID(), role: 'owner' });

describe('messaging over SMPP (PostgreSQL + NATS + SMSC simulator on TCP)', () => {
  let messaging: MessagingUnderTest;
  let ds: DataSource;
  let smsc: SmscSimulator;

  const send = (actor: Actor, sms: object) => messaging.send(actor, sms);
  const statuses = async (campaignId: string): Promise<Record<string, string>> =>
    Object.fromEntries(
      (
        (await ds.query(`SELECT recipient, status, refund_state AS r FROM messaging.messages WHERE campaign_id = $1`, [
          campaignId,
        ])) as { recipient: string; status: string; r: string }[]
      ).map((m) => [m.recipient, `${m.status}/${m.r}`]),
    );
  const ping = () => messaging.ping();

  beforeAll(async () => {
    // Starts with a password the SMSC refuses: the service must come up anyway.
    smsc = new SmscSimulator({ systemId: 'esme', password: 'right', dlrDelayMs: 30 });
    const port = await smsc.listen(0);
    messaging = await startMessagingUnderTest({
      name: 'messaging-smpp-int',
      ownDatabase: 'smpp',
      env: {
        CARRIER: 'smpp',
        SMPP_URL: `smpp://esme:wrong@127.0.0.1:${port}`,
        SMPP_WINDOW: '10',
        SMPP_TPS: '2000',
        SMPP_REBIND_MAX_MS: '200',
      },
    });
    ds = messaging.ds;
  });

  afterAll(async () => {
    await messaging?.close();
    await smsc?.close();
  });

  it('is ready but degraded while the SMSC refuses the bind, queues, and sends everything once the password is right', async () => {
    await eventually('a refused bind', async () => smsc.stats().bindFailures >= 1);
    await expect(ping()).resolves.toEqual({ service: 'messaging', status: 'ok', database: 'ok', carrier: 'down' });
    const actor = owner();
    messaging.wallet.balances.set(actor.accountId, 10);
    const res = await send(actor, {
      to: ['+393331234567', '+393339876543'],
      text: 'queued while down',
      sender: 'ACME',
    });
    expect(res.creditsCharged).toBe(2);
    expect(await statuses(res.campaignId)).toEqual({ '+393331234567': 'queued/none', '+393339876543': 'queued/none' });

    smsc.configure({ password: 'wrong' });
    await eventually('carrier up', async () => (await ping()).carrier === 'ok');
    await eventually('delivered', async () =>
      Object.values(await statuses(res.campaignId)).every((s) => s === 'delivered/none'),
    );
    expect(
      smsc
        .received()
        .map((r) => r.to)
        .sort(),
    ).toEqual(['393331234567', '393339876543']);
    expect(messaging.wallet.balances.get(actor.accountId)).toBe(8);
  });

  it('bills what it submits: multipart GSM-7 and UCS-2, each final state, refunds of the rejected/failed/expired', async () => {
    const actor = owner();
    messaging.wallet.balances.set(actor.accountId, 100);
    const to = ['+393331234567', '+393330000000', '+393330000001', '+393330000002'];
    const text = 'Привет 😀 '.repeat(10); // 90 UTF-16 units: 2 UCS-2 parts
    const res = await send(actor, { to, text, sender: 'ACME' });
    expect(res).toEqual({ campaignId: expect.any(String), recipients: 4, segments: 2, creditsCharged: 8 });
    await eventually(
      'refunds recorded',
      async () => Object.values(await statuses(res.campaignId)).filter((s) => s.endsWith('/done')).length === 3,
    );
    expect(await statuses(res.campaignId)).toEqual({
      '+393331234567': 'delivered/none',
      '+393330000000': 'failed/done',
      '+393330000001': 'failed/done',
      '+393330000002': 'expired/done',
    });
    const codes = await ds.query(
      `SELECT recipient, error_code AS code FROM messaging.messages WHERE campaign_id = $1 ORDER BY recipient`,
      [res.campaignId],
    );
    expect(codes.map((c: { code: string | null }) => c.code)).toEqual([
      'ESME_RINVDSTADR',
      'UNDELIV:001',
      'EXPIRED:002',
      null,
    ]);
    const got = smsc.received().filter((r) => r.text === text);
    expect(got).toHaveLength(3); // 0000 was refused at submit
    expect(got.every((r) => r.parts === 2 && r.dataCoding === 8)).toBe(true);
    expect(messaging.wallet.balances.get(actor.accountId)).toBe(98);
  });

  it('loses nothing and charges once when the connection drops mid-window', async () => {
    smsc.configure({ respDelayMs: 20 });
    const actor = owner();
    messaging.wallet.balances.set(actor.accountId, 1000);
    const to = Array.from({ length: 200 }, (_, i) => `+3935${String(1_000_000 + i)}7`);
    const before = smsc.received().length;
    const res = await send(actor, { to, text: 'drop me maybe', sender: 'ACME' });
    await eventually('some submitted', async () => smsc.received().length - before >= 40);
    expect(smsc.dropConnections()).toBeGreaterThan(0);
    await eventually('all delivered', async () => {
      const s = Object.values(await statuses(res.campaignId));
      return s.length === 200 && s.every((v) => v === 'delivered/none');
    });
    smsc.configure({ respDelayMs: 0 });
    expect(messaging.wallet.balances.get(actor.accountId)).toBe(800);
    await eventually('settled', async () => messaging.wallet.settled.has(res.campaignId));
    const handsets = new Set(
      smsc
        .received()
        .slice(before)
        .map((r) => r.to),
    );
    expect(handsets.size).toBe(200);
    const copies = smsc.received().length - before;
    process.stdout.write(
      `messaging drop mid-window: 200 messages, ${copies} reached the SMSC (${copies - 200} duplicates), charged 200\n`,
    );
  });
});
