// The operations the chaos traffic is made of. Each takes the Traffic engine `t`, does one
// logical thing through the public API and resolves an outcome ('ok', 'http-<status>',
// 'gave-up', or 'skip' when its precondition is not met yet).
import { normalNumber, recipients, smsText } from './random';
import { scaled } from './slowness';
import type { Traffic } from './traffic';
import type { AlertSettings, HttpReq, Owner, Person, ReqBody, Sub } from './types';

const PASSWORD = 'chaos-password-123';
const BILLING = {
  company: 'Chaos S.r.l.',
  firstName: 'Carla',
  lastName: 'Caos',
  address: 'Via Roma 1',
  postalCode: '00184',
  city: 'Roma',
  country: 'IT',
  vatNumber: 'IT01234567890',
};

/** Alert recipients are unique per account, so mails and SMS can be counted per account. */
function alertSettings(t: Traffic, tag: string, [min, max]: [number, number]): AlertSettings {
  const n = t.nextId();
  const email = t.r.chance(0.8);
  const sms = t.r.chance(0.6);
  return {
    threshold: t.r.int(min, max),
    email: { address: `alert-${tag}-${n}@chaos.example`, active: email },
    sms: { phone: normalNumber(t.rng).slice(0, -4) + String(1000 + (n % 8999)), active: sms },
  };
}

/** PUT /account/balance-alert before the account is used, so every later crossing must alert. */
async function setAlert(t: Traffic, who: Person, settings: AlertSettings): Promise<void> {
  const res = await t.send(
    'alert',
    { method: 'PUT', path: '/account/balance-alert', body: { ...settings }, token: who.token },
    { expected: [200], auth: who },
  );
  if (res.status === 200) who.alert = settings;
  else who.alertUncertain = true;
  if (res.status === 200 && t.mails) await verifyEmail(t, who, settings.email.address);
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits up to `ms` (scaled by the machine's slowness) for a code mailed to `address` that was not `seen` yet. */
async function codeMailedTo(t: Traffic, address: string, seen: number, ms: number): Promise<string | null> {
  const mails = t.mails;
  if (!mails) return null;
  for (const end = Date.now() + scaled(ms); Date.now() < end; await sleep(200)) {
    if (mails.codesFor(address) > seen) return mails.latestCode(address);
  }
  return null;
}

/**
 * Verifies the alert e-mail as its recipient does: the code from the mail our SMTP catcher got,
 * sent back to POST /account/alerts/verify (a new code is asked for when the mail does not come:
 * the catcher may have been down). Before the account is used, so every crossing must alert.
 * A verification not known to have happened (or not) makes the account's alerts uncertain.
 */
async function verifyEmail(t: Traffic, who: Person, address: string): Promise<void> {
  let code = await codeMailedTo(t, address, 0, 15000);
  if (!code && t.mails) {
    const seen = t.mails.codesFor(address);
    const resend = await t.send(
      'alert-code-resend',
      { method: 'POST', path: '/account/alerts/verify/resend', body: { channel: 'email' }, token: who.token },
      { expected: [202, 429], auth: who },
    );
    if (resend.status === 202) code = await codeMailedTo(t, address, seen, 15000);
  }
  if (!code) {
    t.stats.verifyFailed = (t.stats.verifyFailed ?? 0) + 1;
    return;
  }
  const res = await t.send(
    'alert-verify',
    { method: 'POST', path: '/account/alerts/verify', body: { channel: 'email', code }, token: who.token },
    { expected: [200, 422], auth: who },
  );
  if (res.status === 200 && res.body?.email?.verified) {
    who.emailVerified = true;
    return;
  }
  // A 422 after a retry may mean the first attempt verified it: ask.
  const view = await t.send(
    'alert-view',
    { method: 'GET', path: '/account/balance-alert', token: who.token },
    { expected: [200], auth: who },
  );
  if (view.status === 200 && view.body?.email?.verified) who.emailVerified = true;
  else if (res.gaveUp || res.status !== 422 || view.status !== 200) who.alertUncertain = true;
}

async function login(t: Traffic, who: Person): Promise<string | null> {
  return t.relogin(who);
}

const ready = (t: Traffic): Owner[] => t.owners;
const limitedSubs = (t: Traffic): Sub[] => t.subs.filter((s) => !s.unlimited);

type Op = (t: Traffic) => Promise<string>;

export const OPS = {
  async signup(t: Traffic): Promise<string> {
    if (t.owners.length + t.signupsInFlight >= t.limits.maxOwners) return 'skip';
    t.signupsInFlight++;
    try {
      const n = t.nextId();
      const owner: Owner = {
        n,
        accountId: '',
        email: `owner-${t.runId}-${n}@chaos.example`,
        password: PASSWORD,
        token: null,
        subs: [],
        invoices: [],
      };
      const body = {
        email: owner.email,
        password: PASSWORD,
        firstName: 'Carla',
        lastName: `Caos${n}`,
        company: `Caos ${n}`,
      };
      const signup = await t.send('signup', { method: 'POST', path: '/auth/signup', body }, { expected: [201, 409] });
      if (signup.gaveUp || !(await login(t, owner))) return 'gave-up';
      const me = await t.send(
        'me',
        { method: 'GET', path: '/me', token: owner.token },
        { expected: [200], auth: owner },
      );
      if (me.status !== 200 || typeof me.body?.accountId !== 'string') return 'gave-up';
      owner.accountId = me.body.accountId;
      const billing = await t.send(
        'billing-details',
        { method: 'PUT', path: '/account/billing', body: BILLING, token: owner.token },
        { expected: [200], auth: owner },
      );
      if (billing.status !== 200) return 'gave-up';
      if (t.features.alerts && t.r.chance(0.75)) await setAlert(t, owner, alertSettings(t, 'owner', [30, 200]));
      t.owners.push(owner);
      return 'ok';
    } finally {
      t.signupsInFlight--;
    }
  },

  async purchase(t: Traffic): Promise<string> {
    const owner = t.r.pick(ready(t));
    if (!owner) return 'skip';
    const key = t.key('purchase');
    const body = { smsCount: t.r.int(20, 300) };
    const req: HttpReq = { method: 'POST', path: '/purchases', body, token: owner.token, key };
    const res = await t.send('purchase', req, { expected: [201], auth: owner });
    t.record('purchase', { key, accountId: owner.accountId, req, actor: owner }, res);
    if (res.status === 201 && res.body?.id) owner.invoices.push({ id: res.body.id, paid: false });
    return t.outcome(res, 201);
  },

  async pay(t: Traffic): Promise<string> {
    const owner = t.r.pick(ready(t).filter((o) => o.invoices.length > 0));
    if (!owner) return 'skip';
    const unpaid = owner.invoices.filter((i) => !i.paid);
    const invoice = unpaid.length > 0 && t.r.chance(0.85) ? t.r.pick(unpaid) : t.r.pick(owner.invoices);
    if (!invoice) return 'skip';
    const key = t.key('pay');
    const req: HttpReq = { method: 'POST', path: `/invoices/${invoice.id}/pay`, token: owner.token, key };
    const res = await t.send('pay', req, { expected: [200], auth: owner });
    t.record('pay', { key, accountId: owner.accountId, invoiceId: invoice.id, req, actor: owner }, res);
    if (res.status === 200) invoice.paid = true;
    return t.outcome(res, 200);
  },

  async createSub(t: Traffic): Promise<string> {
    const owner = t.r.pick(ready(t).filter((o) => o.subs.length < t.limits.maxSubsPerOwner));
    if (!owner) return 'skip';
    const n = t.nextId();
    const unlimited = t.r.chance(0.4);
    const manager = { firstName: 'Mario', lastName: `Rossi${n}`, email: `manager-${t.runId}-${n}@chaos.example` };
    const body: ReqBody = { name: `Office ${n}`, manager, password: PASSWORD, unlimited };
    if (!unlimited && t.r.chance(0.6)) body.credits = t.r.int(1, 100);
    const key = t.key('sub');
    const req: HttpReq = { method: 'POST', path: '/sub-accounts', body, token: owner.token, key };
    let res = await t.send('create-sub', req, { expected: [201, 409, 422], auth: owner });
    // "The creation was interrupted; please try again": the saga of an earlier attempt with this key
    // is still being compensated; once it is, the same key may start it again.
    for (let i = 0; i < 15 && res.status === 409 && res.body?.code === 'sub-account-creation-aborted'; i++) {
      t.stats.creationAborted = (t.stats.creationAborted ?? 0) + 1;
      await new Promise((r) => setTimeout(r, 1000 + t.r.int(0, 1000)));
      res = await t.send('create-sub', req, { expected: [201, 409, 422], auth: owner });
    }
    if (res.status === 409) t.unexpected.push({ op: 'create-sub', status: 409, code: res.body?.code });
    t.record('sub-create', { key, accountId: owner.accountId, req, actor: owner }, res);
    if (res.status !== 201 || !res.body?.id) return t.outcome(res, 201);
    const sub: Sub = {
      id: res.body.id,
      owner,
      email: manager.email,
      password: PASSWORD,
      unlimited,
      active: true,
      token: null,
    };
    owner.subs.push(sub);
    if (!unlimited && t.features.alerts && t.r.chance(0.6) && (await login(t, sub))) {
      await setAlert(t, sub, alertSettings(t, 'sub', [5, 50]));
    }
    t.subs.push(sub);
    return 'ok';
  },

  async credit(t: Traffic): Promise<string> {
    const sub = t.r.pick(limitedSubs(t));
    if (!sub) return 'skip';
    return creditSub(t, sub, t.r.int(1, 100));
  },

  async reset(t: Traffic): Promise<string> {
    const sub = t.r.pick(limitedSubs(t));
    if (!sub) return 'skip';
    const key = t.key('reset');
    const req: HttpReq = { method: 'POST', path: `/sub-accounts/${sub.id}/reset`, token: sub.owner.token, key };
    const res = await t.send('reset', req, { expected: [200, 422], auth: sub.owner });
    t.record('reset', { key, accountId: sub.owner.accountId, subId: sub.id, req, actor: sub.owner }, res);
    return t.outcome(res, 200);
  },

  /** Deactivates an active sub-account now and then; reactivates an inactive one. */
  async toggle(t: Traffic): Promise<string> {
    const sub = t.r.pick(t.subs);
    if (!sub || (sub.active && t.r.chance(0.5))) return 'skip';
    const action = sub.active ? 'deactivate' : 'activate';
    if (action === 'deactivate') t.deactivationsAsked.add(sub.id);
    const req: HttpReq = { method: 'POST', path: `/sub-accounts/${sub.id}/${action}`, token: sub.owner.token };
    const res = await t.send(action, req, { expected: [200], auth: sub.owner });
    if (res.status === 200) {
      sub.active = action === 'activate';
      sub.token = null;
    }
    return t.outcome(res, 200);
  },

  async sendOwner(t: Traffic): Promise<string> {
    const owner = t.r.pick(ready(t));
    return owner ? sendSms(t, owner, owner.accountId) : 'skip';
  },

  async sendManager(t: Traffic): Promise<string> {
    const sub = t.r.pick(t.subs.filter((s) => s.active));
    if (!sub) return 'skip';
    if (!sub.token && !(await login(t, sub))) return 'skip';
    return sendSms(t, sub, sub.id);
  },

  async sendUnkeyed(t: Traffic): Promise<string> {
    const owner = t.r.chance(0.5);
    const who: Owner | Sub | undefined = owner
      ? t.r.pick(ready(t))
      : t.r.pick(t.subs.filter((s) => s.active && s.token));
    if (!who) return 'skip';
    return sendSms(t, who, 'accountId' in who ? who.accountId : who.id, { unkeyed: true });
  },

  /**
   * A send sized from the balance just read to take a sub-account with an alert (and a verified
   * e-mail) from above its threshold down to it: the alerts check then has a crossing to prove in
   * every run, not only when random sends happen to land on one. Concurrent operations may move
   * the balance in between; the debit is then an ordinary send.
   */
  async crossAlert(t: Traffic): Promise<string> {
    // Sub-accounts with an allotment only: draining an owner would starve its credits and sends.
    const candidates = t.subs.filter((s) => s.active && !s.unlimited && s.alert?.email.active && s.emailVerified);
    const who = t.r.pick(candidates);
    if (!who?.alert || (!who.token && !(await login(t, who)))) return 'skip';
    const read: HttpReq = { method: 'GET', path: '/account/balance', token: who.token };
    const res = await t.send('read', read, { expected: [200, 401], auth: who });
    if (res.status !== 200 || typeof res.body?.credits !== 'number') return t.outcome(res, 200);
    const gap = res.body.credits - who.alert.threshold;
    // At or under its threshold: its owner credits it above first (an ordinary, modelled credit).
    if (gap <= 0) return creditSub(t, who, 1 - gap + t.r.int(1, 20));
    if (gap > 200) return 'skip';
    const to = Array.from({ length: gap }, () => normalNumber(t.rng));
    const outcome = await sendSms(t, who, who.id, { body: { to, text: `Chaos ${t.nextId()}: alert crossing` } });
    if (outcome === 'ok') t.crossedAlert = true;
    return outcome;
  },

  async rePutAlert(t: Traffic): Promise<string> {
    const who = t.r.pick<Person>([...t.owners, ...t.subs].filter((w) => w.alert && w.active !== false));
    if (!who?.alert || (!who.token && !(await login(t, who)))) return 'skip';
    const req: HttpReq = { method: 'PUT', path: '/account/balance-alert', body: { ...who.alert }, token: who.token };
    return t.outcome(await t.send('alert-again', req, { expected: [200, 401], auth: who }), 200);
  },

  /** The same Idempotency-Key with another body must be refused with 409 and change nothing. */
  async keyReuse(t: Traffic): Promise<string> {
    const done = t.records.filter(
      (r) =>
        ['purchase', 'sms', 'credit'].includes(r.kind) &&
        typeof r.status === 'number' &&
        r.status >= 200 &&
        r.status < 300,
    );
    const first = t.r.pick(done);
    if (!first?.actor || first.actor.active === false) return 'skip';
    const body: ReqBody = { ...first.req.body };
    if (first.kind === 'purchase') body.smsCount = (body.smsCount ?? 0) + 1;
    else if (first.kind === 'credit') body.credits = (body.credits ?? 0) + 1;
    else body.text = `${body.text} (changed)`;
    const req: HttpReq = { ...first.req, body, token: first.actor.token };
    // A manager's sub-account may be deactivated by another worker while this runs: its token is revoked (401).
    const expected = t.subs.some((s) => s === first.actor) ? [409, 401] : [409];
    const res = await t.send('key-reuse', req, { expected, auth: first.actor, cutShort: 0, repeat: 0, race: 0 });
    t.record('key-reuse', { key: first.key, accountId: first.accountId, originalKind: first.kind, req }, res);
    return t.outcome(res, 409);
  },

  async reads(t: Traffic): Promise<string> {
    const owner = t.r.pick(ready(t));
    if (!owner) return 'skip';
    const path = t.r.pick(['/account/balance', '/invoices?limit=5', '/sub-accounts', '/transactions?limit=5']) ?? '/me';
    const res = await t.send('read', { method: 'GET', path, token: owner.token }, { expected: [200], auth: owner });
    return t.outcome(res, 200);
  },
} satisfies Record<string, Op>;

export type OpName = keyof typeof OPS;

/** POST /sub-accounts/{id}/credit by the sub-account's owner, recorded for the model. */
async function creditSub(t: Traffic, sub: Sub, credits: number): Promise<string> {
  const key = t.key('credit');
  const req: HttpReq = {
    method: 'POST',
    path: `/sub-accounts/${sub.id}/credit`,
    body: { credits },
    token: sub.owner.token,
    key,
  };
  // No 409 here: the same body with the same key is never a conflict (see traffic.send).
  const res = await t.send('credit', req, { expected: [200, 422], auth: sub.owner });
  t.record('credit', { key, accountId: sub.owner.accountId, subId: sub.id, req, actor: sub.owner }, res);
  return t.outcome(res, 200);
}

/**
 * POST /sms; `unkeyed` plays a client that sends no Idempotency-Key and so cannot retry a request
 * whose outcome it does not know (a timeout): whatever the service did then must still add up.
 */
async function sendSms(
  t: Traffic,
  who: Owner | Sub,
  accountId: string,
  { unkeyed = false, body: given }: { unkeyed?: boolean; body?: ReqBody } = {},
): Promise<string> {
  const n = t.nextId();
  const body: ReqBody = given ?? { to: recipients(t.rng), text: smsText(t.rng, n) };
  if (!given && t.r.chance(0.05) && Date.now() + 15000 < t.until) {
    body.scheduledAt = new Date(Date.now() + t.r.int(2000, 10000)).toISOString();
  }
  const key = unkeyed ? undefined : t.key('sms');
  const req: HttpReq = { method: 'POST', path: '/sms', body, token: who.token, key };
  // 401: a manager whose sub-account was just deactivated; 422: short balance or inactive.
  const res = await t.send('sms', req, {
    expected: [202, 401, 422],
    // The earlier attempt with this key was abandoned (its reserve outlived the deadline) and its
    // credits given back: nothing was sent; the model check proves no campaign exists for it.
    allowCodes: ['campaign-cancelled'],
    auth: who,
    unkeyed,
    cutShort: unkeyed ? 0.05 : 0.08,
  });
  t.record(unkeyed ? 'sms-unkeyed' : 'sms', { key, accountId, req, actor: who }, res);
  return res.unknownOutcome ? 'unknown' : t.outcome(res, 202);
}

/** Operation weights; kinds the stack does not have yet get 0. */
export function opWeights(t: Traffic): Record<OpName, number> {
  const f = t.features;
  const owners = t.owners.length + t.signupsInFlight;
  return {
    signup: owners < 3 ? 50 : owners < t.limits.maxOwners ? 1.5 : 0,
    purchase: f.billing ? 4 : 0,
    pay: f.billing ? 5 : 0,
    createSub: f.subAccounts ? 3 : 0,
    credit: f.subAccounts ? 5 : 0,
    reset: f.subAccounts ? 2 : 0,
    toggle: f.subAccounts ? 1.5 : 0,
    sendOwner: f.sms ? 10 : 0,
    sendManager: f.sms && f.subAccounts ? 8 : 0,
    sendUnkeyed: f.sms ? 2 : 0,
    rePutAlert: f.alerts ? 0.5 : 0,
    // Likelier until one crossing send went through: a loaded run still proves an alert.
    crossAlert: f.alerts && f.sms ? (t.crossedAlert ? 1.5 : 6) : 0,
    keyReuse: 1,
    reads: 3,
  };
}
