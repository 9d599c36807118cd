import {
  Actor,
  BalanceAlertSettings,
  BalanceAlertView,
  NotificationPage,
  NotificationsRpc,
  RemoteProblemError,
  WalletRpc,
  UpdateBalanceAlertCommand,
} from '@sms/contracts';
import { createEnvelope } from '@sms/events';
import { NotificationsHarness, waitFor } from './testing/notifications-harness';

const h = new NotificationsHarness();

beforeAll(() => h.start());
afterAll(() => h.stop());

async function setAlert(actor: Actor, settings: BalanceAlertSettings): Promise<BalanceAlertView> {
  return h.rpc.send(NotificationsRpc.updateBalanceAlert, { actor, settings });
}

const email = (actor: Actor) => `alerts.${actor.accountId.slice(0, 8)}@example.com`;
const both = (actor: Actor, threshold: number, active = { email: true, sms: true }): BalanceAlertSettings => ({
  threshold,
  email: { address: email(actor), active: active.email },
  sms: { phone: '+393331234567', active: active.sms },
});
/** The system SMS messaging was asked to send for this account's alerts (the SMS id is the alert id). */
async function smsFor(actor: Actor) {
  const rows = (await h.ds.query(`SELECT id FROM notifications.alerts WHERE account_id = $1`, [actor.accountId])) as {
    id: string;
  }[];
  const ids = new Set(rows.map((r) => r.id));
  return h.fakes.systemSms.filter((s) => ids.has(s.id));
}

describe('balance alerts (detection and e-mail)', () => {
  it('mails once at the crossing, in Italian, naming the account, balance, threshold and how to buy', async () => {
    const a = h.account({ credits: 1000, name: 'Rossi S.r.l.' });
    await setAlert(a, { threshold: 500, email: { address: email(a), active: true } });
    await h.changeBalance(a, 800, 600, 500, 450, 300);
    await h.settle();
    const mails = h.smtp.to(email(a));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Credito SMS in esaurimento: 500 crediti rimasti su "Rossi S.r.l."');
    expect(mails[0].text).toContain('è sceso a 500 crediti');
    expect(mails[0].text).toContain('soglia di avviso di 500 crediti');
    expect(mails[0].text).toContain('Per acquistare altri crediti');
    const [row] = await h.alertRows(a.accountId);
    expect(row).toMatchObject({ channel: 'email', status: 'sent', recipient: email(a) });
    expect(mails[0].headers['message-id']).toMatch(/^<balance-alert\.[0-9a-f-]{36}@/);
  });

  it('sends nothing above the threshold, nothing again while below, and again after a top-up and a new crossing', async () => {
    const a = h.account({ credits: 1000, language: 'en', name: 'ACME Ltd' });
    await setAlert(a, { threshold: 100, email: { address: email(a), active: true } });
    await h.changeBalance(a, 900, 150, 101);
    await h.settle();
    expect(h.smtp.to(email(a))).toHaveLength(0);

    await h.changeBalance(a, 60, 40, 70, 0);
    await h.settle();
    expect(h.smtp.to(email(a))).toHaveLength(1);
    expect(h.smtp.to(email(a))[0].subject).toBe('Low SMS balance: 60 credits left on "ACME Ltd"');

    await h.changeBalance(a, 100); // back to the threshold, not above it: still disarmed
    await h.changeBalance(a, 50);
    await h.settle();
    expect(h.smtp.to(email(a))).toHaveLength(1);

    await h.changeBalance(a, 5000, 99);
    await h.settle();
    expect(h.smtp.to(email(a)).map((m) => m.subject)).toEqual([
      'Low SMS balance: 60 credits left on "ACME Ltd"',
      'Low SMS balance: 99 credits left on "ACME Ltd"',
    ]);
  });

  it('does not alert at once for a threshold the balance is already under', async () => {
    const a = h.account({ credits: 50 });
    await setAlert(a, both(a, 100));
    // The debit that brought it to 50, stamped before the save and still in flight: not a new crossing.
    const inFlight = createEnvelope(
      'wallet.balance.changed.v1',
      {
        accountId: a.accountId,
        transferId: a.userId,
        kind: 'reserve',
        cause: 'reserve',
        before: 500,
        after: 50,
      },
      { accountId: a.accountId, occurredAt: new Date(Date.now() - 1000) },
    );
    await h.publish(inFlight);
    await h.changeBalance(a, 40, 20);
    await h.settle();
    expect(h.smtp.to(email(a))).toHaveLength(0);
    await h.changeBalance(a, 200, 90);
    await h.settle();
    expect(h.smtp.to(email(a))).toHaveLength(1);
  });

  it('sends nothing on an inactive channel', async () => {
    const a = h.account({ credits: 1000 });
    await setAlert(a, both(a, 500, { email: false, sms: true }));
    await h.changeBalance(a, 400);
    await h.settle();
    expect(h.smtp.to(email(a))).toHaveLength(0);
    expect((await h.alertRows(a.accountId)).map((r) => r.channel)).toEqual(['sms']);
  });

  it('gives exactly one alert per channel when 100 concurrent debits cross together, arriving in any order', async () => {
    const a = h.account({ credits: 2000 });
    await setAlert(a, both(a, 1000));
    await h.changeBalanceOutOfOrder(a, ...Array.from({ length: 100 }, (_, i) => 2000 - 15 * (i + 1)));
    await h.settle();
    expect(h.smtp.to(email(a))).toHaveLength(1);
    expect(await smsFor(a)).toHaveLength(1);
    expect(await h.alertRows(a.accountId)).toHaveLength(2);
  });

  it('applies a redelivered event once (inbox), even outside the JetStream duplicate window', async () => {
    const a = h.account({ credits: 1000 });
    await setAlert(a, { threshold: 500, email: { address: email(a), active: true } });
    const crossing = createEnvelope(
      'wallet.balance.changed.v1',
      {
        accountId: a.accountId,
        transferId: a.userId,
        kind: 'reserve',
        cause: 'reserve',
        before: 1000,
        after: 400,
      },
      { accountId: a.accountId, occurredAt: new Date(Date.now() + 1) },
    );
    await h.publish(crossing);
    await h.publish(crossing, `${crossing.id}-again`); // a different Nats-Msg-Id: JetStream delivers it twice
    await h.settle();
    expect(h.smtp.to(email(a))).toHaveLength(1);
  });
});

describe('balance alerts (delivery through outages and restarts)', () => {
  it('keeps retrying while the SMTP server is down and delivers once when it is back', async () => {
    const a = h.account({ credits: 1000 });
    await setAlert(a, { threshold: 500, email: { address: email(a), active: true } });
    await h.smtp.stop();
    try {
      await h.changeBalance(a, 200);
      await waitFor(
        async () => ((await h.alertRows(a.accountId))[0]?.attempts ?? 0) >= 3,
        15_000,
        'three failed attempts',
      );
      expect((await h.alertRows(a.accountId))[0].status).toBe('pending');
    } finally {
      await h.smtp.start();
    }
    await h.settle();
    expect(h.smtp.to(email(a))).toHaveLength(1);
    expect((await h.alertRows(a.accountId))[0].status).toBe('sent');
  });

  it('delivers once when the service restarts between the debit and the alert', async () => {
    const a = h.account({ credits: 1000 });
    const b = h.account({ credits: 1000 });
    await setAlert(a, { threshold: 500, email: { address: email(a), active: true } });
    await setAlert(b, { threshold: 500, email: { address: email(b), active: true } });
    // a: the alert is detected and queued, but the SMTP server is down when the service stops.
    await h.smtp.stop();
    await h.changeBalance(a, 300);
    await waitFor(async () => (await h.alertRows(a.accountId)).length === 1, 10_000, 'alert queued');
    await h.stopApp();
    await h.smtp.start();
    // b: the debit happens while the service is down.
    await h.changeBalance(b, 100);
    await h.startApp();
    await h.settle();
    expect(h.smtp.to(email(a))).toHaveLength(1);
    expect(h.smtp.to(email(b))).toHaveLength(1);
  });
});

describe('balance alerts by SMS', () => {
  it('asks messaging for one free system SMS per crossing and never touches the wallet', async () => {
    const a = h.account({ credits: 1000, name: 'Bianchi SpA' });
    await setAlert(a, { threshold: 500, sms: { phone: '+393471112223', active: true } });
    const walletCallsBefore = h.fakes.walletCalls.length;
    await h.changeBalance(a, 499);
    await h.settle();
    const sms = await smsFor(a);
    expect(sms).toHaveLength(1);
    expect(sms[0]).toMatchObject({ to: '+393471112223' });
    expect(sms[0].text).toContain('499 crediti (soglia 500)');
    const [row] = await h.alertRows(a.accountId);
    expect(row).toMatchObject({ channel: 'sms', status: 'sent' });
    // No wallet subject was called: the alert costs the account nothing.
    expect(h.fakes.walletCalls.slice(walletCallsBefore)).toEqual([]);
    expect(h.fakes.balances.get(a.accountId)!.credits).toBe(499);
  });

  it('records a carrier refusal as failed, once, without retrying it', async () => {
    const a = h.account({ credits: 1000 });
    await setAlert(a, { threshold: 500, sms: { phone: '+393471112224', active: true } });
    h.fakes.smsOutcome = 'failed';
    try {
      await h.changeBalance(a, 10);
      await h.settle();
    } finally {
      h.fakes.smsOutcome = 'sent';
    }
    expect(await h.alertRows(a.accountId)).toEqual([expect.objectContaining({ status: 'failed', attempts: 1 })]);
    expect(await smsFor(a)).toHaveLength(1);
  });
});

describe('balance alert settings and the notification log (over NATS)', () => {
  it('returns nulls before the first PUT and the stored setting after it', async () => {
    const a = h.account({ credits: 10 });
    await expect(h.rpc.send(NotificationsRpc.getBalanceAlert, { actor: a })).resolves.toEqual({
      threshold: null,
      sms: null,
      email: null,
    });
    const settings = { threshold: 5, sms: { phone: '+12025550123', active: false }, email: null };
    await expect(setAlert(a, settings)).resolves.toEqual(settings);
    await expect(h.rpc.send(NotificationsRpc.getBalanceAlert, { actor: a })).resolves.toEqual(settings);
  });

  it('refuses an unlimited sub-account with 422 and bad values with 400', async () => {
    const sub = h.account({ credits: 0, unlimited: true, parentName: 'Parent' });
    await expect(setAlert(sub, { threshold: 5 })).rejects.toMatchObject({
      problem: { status: 422, code: 'unlimited-sub-account' },
    });
    await expect(h.rpc.send(NotificationsRpc.getBalanceAlert, { actor: sub })).rejects.toBeInstanceOf(
      RemoteProblemError,
    );
    const a = h.account({ credits: 10 });
    for (const [settings, field] of [
      [{ threshold: -1 }, 'settings.threshold'],
      [{ threshold: 1.5 }, 'settings.threshold'],
      [{ threshold: 5, sms: { phone: '3331234567', active: true } }, 'settings.sms.phone'],
      [{ threshold: 5, email: { address: 'nope', active: true } }, 'settings.email.address'],
      [{ threshold: 5, email: { address: 'a@b.it' } }, 'settings.email.active'],
    ] as const) {
      const invalid = { actor: a, settings } as unknown as UpdateBalanceAlertCommand;
      await expect(h.rpc.send(NotificationsRpc.updateBalanceAlert, invalid)).rejects.toMatchObject({
        problem: { status: 400, errors: expect.arrayContaining([expect.objectContaining({ field })]) },
      });
    }
    await expect(h.rpc.send(NotificationsRpc.getBalanceAlert, { actor: a })).resolves.toEqual({
      threshold: null,
      sms: null,
      email: null,
    });
    expect(h.fakes.walletCalls).toContain(WalletRpc.getBalance.subject);
  });

  it('lists the account’s alerts newest first with keyset pagination, and only its own', async () => {
    const a = h.account({ credits: 1000 });
    await setAlert(a, both(a, 500));
    await h.changeBalance(a, 400, 600, 300, 700, 200); // three crossings × two channels
    await h.settle();
    const seen: NotificationPage['items'] = [];
    let cursor: string | null = null;
    do {
      const page: NotificationPage = await h.rpc.send(NotificationsRpc.listNotifications, {
        actor: a,
        query: { limit: 4, ...(cursor ? { cursor } : {}) },
      });
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(6);
    expect(seen.map((n) => n.balance).sort()).toEqual([200, 200, 300, 300, 400, 400]);
    expect(new Set(seen.map((n) => n.id)).size).toBe(6);
    // A stable order: one page of everything lists the same alerts in the same order.
    const all: NotificationPage = await h.rpc.send(NotificationsRpc.listNotifications, {
      actor: a,
      query: { limit: 500 },
    });
    expect(all.items.map((n) => n.id)).toEqual(seen.map((n) => n.id));
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((n) => n.status === 'sent' && n.sentAt !== null)).toBe(true);
    expect(new Set(seen.map((n) => n.channel))).toEqual(new Set(['email', 'sms']));
    const other = h.account({ credits: 1 });
    await expect(h.rpc.send(NotificationsRpc.listNotifications, { actor: other, query: {} })).resolves.toEqual({
      items: [],
      nextCursor: null,
    });
    await expect(
      h.rpc.send(NotificationsRpc.listNotifications, { actor: a, query: { cursor: 'garbage' } }),
    ).rejects.toMatchObject({
      problem: { status: 400 },
    });
  });
});
