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
import { randomUUID } from 'node:crypto';
import { createEnvelope } from '@sms/events';
import { NotificationsHarness, waitFor } from './testing/notifications-harness';

const h = new NotificationsHarness();

beforeAll(() => h.start());
afterAll(() => h.stop());

/** Saves the setting as the customer does, without verifying anything. */
async function putAlert(actor: Actor, settings: BalanceAlertSettings): Promise<BalanceAlertView> {
  return h.rpc.send(NotificationsRpc.updateBalanceAlert, { actor, settings });
}

/**
 * Saves the setting and marks its recipients verified directly in the database: the tests of
 * detection and delivery are about crossings; the verification flow has its own tests below.
 */
async function setAlert(actor: Actor, settings: BalanceAlertSettings): Promise<BalanceAlertView> {
  const view = await putAlert(actor, settings);
  await h.ds.query(
    `UPDATE notifications.balance_alerts
     SET email_verified = email_address IS NOT NULL, sms_verified = sms_phone IS NOT NULL WHERE account_id = $1`,
    [actor.accountId],
  );
  return view;
}

/** The balance alerts (not the verification codes) caught for this address. */
const alertMails = (address: string) =>
  h.smtp.to(address).filter((m) => m.headers['message-id']?.startsWith('<balance-alert.'));
/** The verification code mails caught for this address. */
const codeMails = (address: string) =>
  h.smtp.to(address).filter((m) => m.headers['message-id']?.startsWith('<alert-verification.'));

const email = (actor: Actor) => `alerts.${actor.accountId.slice(0, 8)}@example.com`;
const both = (actor: Actor, threshold: number, active = { email: true, sms: true }): BalanceAlertSettings => ({
  threshold,
  email: { address: email(actor), active: active.email },
  sms: { phone: '+393331234567', active: active.sms },
});
/** The verification codes stored for a recipient (those counted by the daily limits). */
async function codesStoredFor(recipient: string): Promise<number> {
  const [{ n }] = (await h.ds.query(`SELECT count(*)::int AS n FROM notifications.channel_codes WHERE recipient = $1`, [
    recipient,
  ])) as { n: number }[];
  return n;
}
/** The system SMS messaging was asked to send for this account's alerts (the SMS id is the alert id). */
async function smsFor(actor: Actor) {
  const rows = (await h.ds.query(`SELECT id FROM notifications.alerts WHERE account_id = $1`, [actor.accountId])) as {
    id: string;
  }[];
  const ids = new Set(rows.map((r) => r.id));
  return h.fakes.systemSms.filter((s) => ids.has(s.id));
}

describe('balance alerts (detection and e-mail)', () => {
  it('mails once at the crossing, in Italian: balance, threshold and how to buy, never the account name', async () => {
    const a = h.account({ credits: 1000, name: 'Rossi S.r.l.' });
    await setAlert(a, { threshold: 500, email: { address: email(a), active: true } });
    await h.changeBalance(a, 800, 600, 500, 450, 300);
    await h.settle();
    const mails = alertMails(email(a));
    expect(mails).toHaveLength(1);
    expect(mails[0].subject).toBe('Credito SMS in esaurimento: 500 crediti rimasti');
    expect(mails[0].text).not.toContain('Rossi');
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
    expect(alertMails(email(a))).toHaveLength(0);

    await h.changeBalance(a, 60, 40, 70, 0);
    await h.settle();
    expect(alertMails(email(a))).toHaveLength(1);
    expect(alertMails(email(a))[0].subject).toBe('Low SMS balance: 60 credits left');

    await h.changeBalance(a, 100); // back to the threshold, not above it: still disarmed
    await h.changeBalance(a, 50);
    await h.settle();
    expect(alertMails(email(a))).toHaveLength(1);

    await h.changeBalance(a, 5000, 99);
    await h.settle();
    expect(alertMails(email(a)).map((m) => m.subject)).toEqual([
      'Low SMS balance: 60 credits left',
      'Low SMS balance: 99 credits left',
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
    expect(alertMails(email(a))).toHaveLength(0);
    await h.changeBalance(a, 200, 90);
    await h.settle();
    expect(alertMails(email(a))).toHaveLength(1);
  });

  it('sends nothing on an inactive channel', async () => {
    const a = h.account({ credits: 1000 });
    await setAlert(a, both(a, 500, { email: false, sms: true }));
    await h.changeBalance(a, 400);
    await h.settle();
    expect(alertMails(email(a))).toHaveLength(0);
    expect((await h.alertRows(a.accountId)).map((r) => r.channel)).toEqual(['sms']);
  });

  it('gives exactly one alert per channel when 100 concurrent debits cross together, arriving in any order', async () => {
    const a = h.account({ credits: 2000 });
    await setAlert(a, both(a, 1000));
    await h.changeBalanceOutOfOrder(a, ...Array.from({ length: 100 }, (_, i) => 2000 - 15 * (i + 1)));
    await h.settle();
    expect(alertMails(email(a))).toHaveLength(1);
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
    expect(alertMails(email(a))).toHaveLength(1);
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
    expect(alertMails(email(a))).toHaveLength(1);
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
    expect(alertMails(email(a))).toHaveLength(1);
    expect(alertMails(email(b))).toHaveLength(1);
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
    const view = { ...settings, sms: { ...settings.sms, verified: false } };
    await expect(putAlert(a, settings)).resolves.toEqual(view);
    await expect(h.rpc.send(NotificationsRpc.getBalanceAlert, { actor: a })).resolves.toEqual(view);
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

describe('alert channels are verified before use (no free relay)', () => {
  const codeIn = (text: string): string => /\b(\d{6})\b/.exec(text)![1];

  it('sends nothing to an address nobody verified, only a code; the verified address gets the alert', async () => {
    const a = h.account({ credits: 1000, name: 'Banca Finta: chiami il +39 333 000 0000' });
    const address = `victim.${a.accountId.slice(0, 8)}@example.com`;
    const view = await putAlert(a, { threshold: 500, email: { address, active: true } });
    expect(view.email).toEqual({ address, active: true, verified: false });
    await waitFor(() => codeMails(address).length === 1, 30_000, 'the code mail');
    const [codeMail] = codeMails(address);
    expect(codeMail.text).not.toContain('Banca');
    await h.changeBalance(a, 400);
    await h.settle();
    expect(alertMails(address)).toHaveLength(0);
    expect(await h.alertRows(a.accountId)).toEqual([]);

    await expect(
      h.rpc.send(NotificationsRpc.verifyAlertChannel, {
        actor: a,
        body: { channel: 'email', code: '99999x'.slice(0, 6) },
      }),
    ).rejects.toMatchObject({ problem: { status: 400 } });
    const wrong = codeIn(codeMail.text) === '000000' ? '000001' : '000000';
    await expect(
      h.rpc.send(NotificationsRpc.verifyAlertChannel, { actor: a, body: { channel: 'email', code: wrong } }),
    ).rejects.toMatchObject({ problem: { status: 422, code: 'invalid-verification-code' } });
    const verified = await h.rpc.send(NotificationsRpc.verifyAlertChannel, {
      actor: a,
      body: { channel: 'email', code: codeIn(codeMail.text) },
    });
    expect(verified.email).toEqual({ address, active: true, verified: true });

    await h.changeBalance(a, 900, 450);
    await h.settle();
    expect(alertMails(address)).toHaveLength(1);
    expect(alertMails(address)[0].text).not.toContain('Banca');

    // A new address is unverified again (and gets its own code); the old one gets nothing more.
    const other = `other.${a.accountId.slice(0, 8)}@example.com`;
    const changed = await putAlert(a, { threshold: 500, email: { address: other, active: true } });
    expect(changed.email).toEqual({ address: other, active: true, verified: false });
    await h.changeBalance(a, 900, 450);
    await h.settle();
    expect(alertMails(other)).toHaveLength(0);
    expect(alertMails(address)).toHaveLength(1);
  });

  it('verifies a phone number with a code sent as a system SMS', async () => {
    const a = h.account({ credits: 1000 });
    const phone = `+3933${String(Date.now()).slice(-8)}`;
    await putAlert(a, { threshold: 500, sms: { phone, active: true } });
    await waitFor(() => h.fakes.systemSms.some((s) => s.to === phone), 30_000, 'the code SMS');
    const codeSms = h.fakes.systemSms.find((s) => s.to === phone)!;
    const view = await h.rpc.send(NotificationsRpc.verifyAlertChannel, {
      actor: a,
      body: { channel: 'sms', code: codeIn(codeSms.text) },
    });
    expect(view.sms).toEqual({ phone, active: true, verified: true });
    await h.changeBalance(a, 499);
    await h.settle();
    expect(await smsFor(a)).toHaveLength(1);
  });

  it('answers 503 while the mail server refuses or is down, counts no code for it, and mails one once it is back', async () => {
    const a = h.account({ credits: 1000 });
    const address = `outage.${a.accountId.slice(0, 8)}@example.com`;
    await putAlert(a, { threshold: 500, email: { address, active: true } });
    await waitFor(() => codeMails(address).length === 1, 30_000, 'the first code mail');
    const resend = () => h.rpc.send(NotificationsRpc.resendAlertCode, { actor: a, body: { channel: 'email' } });
    const unavailable = { problem: { status: 503, code: 'code-not-sent' } };

    h.smtp.refuse();
    try {
      await expect(resend()).rejects.toMatchObject(unavailable);
    } finally {
      h.smtp.refuse(false);
    }
    await h.smtp.stop();
    try {
      await expect(resend()).rejects.toMatchObject(unavailable);
    } finally {
      await h.smtp.start();
    }
    expect(await codesStoredFor(address)).toBe(1);
    expect(codeMails(address)).toHaveLength(1);

    await expect(resend()).resolves.toMatchObject({ channel: 'email' });
    expect(codeMails(address)).toHaveLength(2);
    const verified = await h.rpc.send(NotificationsRpc.verifyAlertChannel, {
      actor: a,
      body: { channel: 'email', code: codeIn(codeMails(address)[1].text) },
    });
    expect(verified.email?.verified).toBe(true);
  });

  it('answers 422 recipient-refused when the operator refuses the code SMS, and counts no code for it', async () => {
    const a = h.account({ credits: 1000 });
    const phone = `+3934${String(Date.now()).slice(-8)}`;
    await putAlert(a, { threshold: 500, sms: { phone, active: true } });
    await waitFor(() => h.fakes.systemSms.some((s) => s.to === phone), 30_000, 'the first code SMS');
    h.fakes.smsOutcome = 'failed';
    try {
      await expect(
        h.rpc.send(NotificationsRpc.resendAlertCode, { actor: a, body: { channel: 'sms' } }),
      ).rejects.toMatchObject({ problem: { status: 422, code: 'recipient-refused' } });
    } finally {
      h.fakes.smsOutcome = 'sent';
    }
    expect(await codesStoredFor(phone)).toBe(1);
  });

  it('limits the codes sent to one recipient, whatever the account asking', async () => {
    const address = `flooded.${Date.now()}@example.com`;
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      const a = h.account({ credits: 10 });
      await putAlert(a, { threshold: 5, email: { address, active: false } });
      statuses.push(
        await h.rpc
          .send(NotificationsRpc.resendAlertCode, { actor: a, body: { channel: 'email' } })
          .then(() => 202)
          .catch((e: RemoteProblemError) => e.problem.status),
      );
    }
    // The PUTs sent codes too; at most ALERT_CODES_PER_RECIPIENT_PER_DAY (5) were sent in all.
    await waitFor(async () => (await codesStoredFor(address)) === 5, 30_000, 'five codes recorded');
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThan(0);
    await waitFor(() => codeMails(address).length === 5, 30_000, 'five code mails');
    await new Promise((r) => setTimeout(r, 500));
    expect(codeMails(address)).toHaveLength(5);
  });

  it('caps the alerts of an account per day (ALERT_DAILY_CAP, 10)', async () => {
    const a = h.account({ credits: 1000 });
    await setAlert(a, { threshold: 100, email: { address: email(a), active: true } });
    // 12 crossings, each after a top-up above the threshold.
    for (let i = 0; i < 12; i++) await h.changeBalance(a, 500, 50);
    await h.settle();
    expect(alertMails(email(a))).toHaveLength(10);
    expect(await h.alertRows(a.accountId)).toHaveLength(10);
  });

  it('does not alert for a credit to a sub-account or a reset, only for sending debits', async () => {
    const a = h.account({ credits: 1000 });
    await setAlert(a, { threshold: 500, email: { address: email(a), active: true } });
    const change = (kind: 'credit' | 'reset', before: number, after: number) =>
      createEnvelope(
        'wallet.balance.changed.v1',
        { accountId: a.accountId, transferId: randomUUID(), kind, cause: kind, before, after },
        { accountId: a.accountId, occurredAt: new Date() },
      );
    // The parent credits a sub-account (its balance falls through the threshold), then resets it.
    for (let i = 0; i < 3; i++) {
      await h.publish(change('credit', 1000, 100));
      await h.publish(change('reset', 100, 1000));
    }
    await h.settle();
    expect(alertMails(email(a))).toHaveLength(0);
    // A sending debit still alerts.
    h.fakes.balances.get(a.accountId)!.credits = 1000;
    await h.changeBalance(a, 400);
    await h.settle();
    expect(alertMails(email(a))).toHaveLength(1);
  });
});
