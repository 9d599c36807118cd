// The client-side model: what the clients were told. Built from the traffic's records after the
// run: every acknowledged purchase, payment, sub-account (with its initial credits), credit, reset
// and SMS send, with the amounts as requested. A request whose outcome the client never learnt (it
// gave up, or a key-less send timed out) is resolved one by one against the service: a keyed one
// happened exactly when its key is stored (only a committed success stores it), a key-less send
// happened when an unacknowledged campaign of that account carries its exact body.
// checks/model.js then holds the ledger to this model, account by account.
'use strict';
const { expectedFinalStatus } = require('./random');

const is2xx = (s) => typeof s === 'number' && s >= 200 && s < 300;
const KEY_SCHEMA = {
  purchase: 'billing',
  pay: 'billing',
  'sub-create': 'wallet',
  credit: 'wallet',
  reset: 'wallet',
  sms: 'messaging',
};
const MODELLED = new Set([...Object.keys(KEY_SCHEMA), 'sms-unkeyed']);

/** Gave up, or got a 5xx (itself a violation of the responses check): the client cannot know. */
const unknownOutcome = (rec) => !(typeof rec.status === 'number' && rec.status < 500);

/**
 * A refusal (4xx) after an attempt whose outcome the client could not know (no answer, a cut
 * connection, a 5xx): the earlier attempt may have happened, e.g. a send stored just before the
 * sub-account's deactivation revoked the token the retry then carried (401).
 */
const refusedAfterUnknown = (rec) =>
  typeof rec.status === 'number' &&
  rec.status >= 400 &&
  (rec.statuses ?? []).slice(0, -1).some((s) => typeof s !== 'number' || s >= 500);

/** First 2xx answer among the attempt and its repeats/racing copies, or null. */
function acknowledged(rec) {
  if (is2xx(rec.status)) return rec.body;
  const ok = rec.repeats.find((r) => is2xx(r.status));
  return ok ? ok.body : null;
}

/** What one SMS request charges and refunds, from its own body and the carrier's script. */
function smsCharges(to, segments) {
  const distinct = [...new Set(to)];
  const undelivered = distinct.filter((n) => expectedFinalStatus(n) !== 'delivered').length;
  return { recipients: distinct, charged: segments * distinct.length, refunded: segments * undelivered };
}

/**
 * Resolves every modelled record to { rec, outcome: 'acknowledged' | 'happened' | 'not-happened'
 * | 'ambiguous', body }. `db` reads the services' tables.
 */
async function resolveRecords(db, records) {
  const keys = {};
  const stored = async (schema) => {
    if (!keys[schema]) {
      const rows = await db.rows(`SELECT account_id, key, response FROM ${schema}.idempotency_keys`);
      keys[schema] = new Map(rows.map((r) => [`${r.account_id}|${r.key}`, r.response]));
    }
    return keys[schema];
  };
  const out = [];
  const unkeyedUnknown = [];
  for (const rec of records.filter((r) => MODELLED.has(r.kind))) {
    const body = acknowledged(rec);
    if (body) out.push({ rec, outcome: 'acknowledged', body });
    else if (!unknownOutcome(rec) && !(rec.kind !== 'sms-unkeyed' && refusedAfterUnknown(rec)))
      out.push({ rec, outcome: 'not-happened' }); // a 4xx refusal
    else if (rec.kind === 'sms-unkeyed') unkeyedUnknown.push(rec);
    else {
      const response = (await stored(KEY_SCHEMA[rec.kind])).get(`${rec.accountId}|${rec.key}`);
      out.push(response ? { rec, outcome: 'happened', body: response } : { rec, outcome: 'not-happened' });
    }
  }
  if (unkeyedUnknown.length) out.push(...(await resolveUnkeyed(db, records, unkeyedUnknown)));
  return out;
}

/** Key-less sends of unknown outcome: matched to unacknowledged campaigns by account and text. */
async function resolveUnkeyed(db, records, unknown) {
  const known = new Set(
    records
      .filter((r) => r.kind === 'sms' || r.kind === 'sms-unkeyed')
      .map(acknowledged)
      .filter(Boolean)
      .map((b) => b.campaignId),
  );
  const keyedIds = new Set(
    (await db.rows(`SELECT response->>'campaignId' AS id FROM messaging.idempotency_keys`)).map((r) => r.id),
  );
  const candidates = (
    await db.rows(`SELECT id, account_id, text, segments, recipients FROM messaging.campaigns WHERE kind = 'customer'`)
  ).filter((c) => !known.has(c.id) && !keyedIds.has(c.id));
  return unknown.map((rec) => {
    const matches = candidates.filter((c) => c.account_id === rec.accountId && c.text === rec.req.body.text);
    if (matches.length === 0) return { rec, outcome: 'not-happened' };
    if (matches.length > 1) return { rec, outcome: 'ambiguous', matches: matches.map((m) => m.id) };
    const c = matches[0];
    return {
      rec,
      outcome: 'happened',
      body: {
        campaignId: c.id,
        segments: c.segments,
        recipients: c.recipients,
        creditsCharged: c.segments * c.recipients,
      },
    };
  });
}

/**
 * Folds the resolved records into per-account expectations:
 *   accounts: Map accountId → { owner, unlimited, balance } (balance as the model computes it)
 *   invoices: Map invoiceId → { accountId, smsCount, paid }
 *   transfers: Map transferId → { kind, credits, subId }   (credit and reset transfers told to the client)
 *   initial: Map subId → credits given at creation (absent: none)
 *   campaigns: Map campaignId → { accountId, recipients (distinct), charged, refunded, debited }
 */
function buildModel(resolved) {
  const m = {
    accounts: new Map(),
    invoices: new Map(),
    transfers: new Map(),
    initial: new Map(),
    campaigns: new Map(),
    problems: [],
  };
  const account = (id, fields = {}) => {
    if (!m.accounts.has(id)) m.accounts.set(id, { owner: id, unlimited: false, balance: 0 });
    return Object.assign(m.accounts.get(id), fields);
  };
  const happened = resolved.filter((r) => r.outcome === 'acknowledged' || r.outcome === 'happened');
  const byKind = (k) => happened.filter((r) => r.rec.kind === k);
  // Sub-accounts first: later operations need to know whose wallet a send debits.
  for (const { rec, body } of byKind('sub-create')) {
    account(rec.accountId);
    account(body.id, { owner: rec.accountId, unlimited: !!rec.req.body.unlimited });
    if (rec.req.body.credits) m.initial.set(body.id, rec.req.body.credits);
  }
  for (const { rec, body } of byKind('purchase')) {
    account(rec.accountId);
    m.invoices.set(body.id, { accountId: rec.accountId, smsCount: rec.req.body.smsCount, paid: false });
  }
  for (const { rec } of byKind('pay')) {
    const inv = m.invoices.get(rec.invoiceId);
    if (inv) inv.paid = true;
    else m.problems.push(`payment ${rec.key} of invoice ${rec.invoiceId}, which no acknowledged purchase created`);
  }
  for (const inv of m.invoices.values()) if (inv.paid) account(inv.accountId).balance += inv.smsCount;
  for (const [subId, credits] of m.initial) {
    const sub = account(subId);
    sub.balance += credits;
    account(sub.owner).balance -= credits;
  }
  for (const { rec, body } of byKind('credit')) {
    const credits = rec.req.body.credits;
    if (body.transaction.credits !== credits)
      m.problems.push(`credit ${rec.key}: asked ${credits}, told ${body.transaction.credits}`);
    m.transfers.set(body.transaction.id, { kind: 'credit', credits, subId: rec.subId });
    account(rec.subId, { owner: rec.accountId }).balance += credits;
    account(rec.accountId).balance -= credits;
  }
  for (const { rec, body } of byKind('reset')) {
    if (!body.transaction) continue; // the sub-account held nothing
    const credits = body.transaction.credits;
    m.transfers.set(body.transaction.id, { kind: 'reset', credits, subId: rec.subId });
    account(rec.subId, { owner: rec.accountId }).balance -= credits;
    account(rec.accountId).balance += credits;
  }
  for (const { rec, body } of [...byKind('sms'), ...byKind('sms-unkeyed')]) {
    const sender = account(rec.accountId);
    const debited = m.accounts.has(sender.owner) && sender.unlimited ? sender.owner : rec.accountId;
    const c = smsCharges(rec.req.body.to, body.segments);
    if (body.creditsCharged !== c.charged || body.recipients !== c.recipients.length) {
      m.problems.push(
        `send ${rec.key || body.campaignId}: ${c.recipients.length} distinct recipients × ${body.segments} segments, told ${body.recipients} recipients and ${body.creditsCharged} credits`,
      );
    }
    m.campaigns.set(body.campaignId, { accountId: rec.accountId, debited, ...c });
    account(debited).balance -= c.charged - c.refunded;
  }
  return m;
}

module.exports = { resolveRecords, buildModel, smsCharges, unknownOutcome };
