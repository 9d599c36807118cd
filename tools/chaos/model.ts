// The client-side model: what the clients were told. Built from the traffic's records after the
// run: every acknowledged purchase, payment, sub-account (with its initial credits), credit, reset
// and SMS send, with the amounts as requested. A request whose outcome the client never learnt (it
// gave up, or a key-less send timed out) is resolved one by one against the service: a keyed one
// happened exactly when its key is stored (only a committed success stores it), a key-less send
// happened when an unacknowledged campaign of that account carries its exact body.
// checks/model.ts then holds the ledger to this model, account by account.
import type { Db } from './db';
import { expectedFinalStatus } from './random';
import type { ApiBody, TrafficRecord } from './types';

const is2xx = (s: unknown): boolean => typeof s === 'number' && s >= 200 && s < 300;
const KEY_SCHEMA: Record<string, string> = {
  purchase: 'billing',
  pay: 'billing',
  'sub-create': 'wallet',
  credit: 'wallet',
  reset: 'wallet',
  sms: 'messaging',
};
const MODELLED = new Set([...Object.keys(KEY_SCHEMA), 'sms-unkeyed']);

/** Gave up, or got a 5xx (itself a violation of the responses check): the client cannot know. */
export const unknownOutcome = (rec: TrafficRecord): boolean => !(typeof rec.status === 'number' && rec.status < 500);

/**
 * A refusal (4xx) after an attempt whose outcome the client could not know (no answer, a cut
 * connection, a 5xx): the earlier attempt may have happened, e.g. a send stored just before the
 * sub-account's deactivation revoked the token the retry then carried (401).
 */
const refusedAfterUnknown = (rec: TrafficRecord): boolean =>
  typeof rec.status === 'number' &&
  rec.status >= 400 &&
  rec.statuses.slice(0, -1).some((s) => typeof s !== 'number' || s >= 500);

/** First 2xx answer among the attempt and its repeats/racing copies, or null. */
function acknowledged(rec: TrafficRecord): ApiBody | null {
  if (is2xx(rec.status)) return rec.body;
  const ok = rec.repeats.find((r) => is2xx(r.status));
  return ok ? ok.body : null;
}

export interface SmsCharges {
  recipients: string[];
  charged: number;
  refunded: number;
}

/** What one SMS request charges and refunds, from its own body and the carrier's script. */
export function smsCharges(to: string[], segments: number): SmsCharges {
  const distinct = [...new Set(to)];
  const undelivered = distinct.filter((n) => expectedFinalStatus(n) !== 'delivered').length;
  return { recipients: distinct, charged: segments * distinct.length, refunded: segments * undelivered };
}

export type Resolved =
  | { rec: TrafficRecord; outcome: 'acknowledged' | 'happened'; body: ApiBody }
  | { rec: TrafficRecord; outcome: 'not-happened' }
  | { rec: TrafficRecord; outcome: 'ambiguous'; matches: string[] };

/**
 * Resolves every modelled record to { rec, outcome: 'acknowledged' | 'happened' | 'not-happened'
 * | 'ambiguous', body }. `db` reads the services' tables.
 */
export async function resolveRecords(db: Db, records: TrafficRecord[]): Promise<Resolved[]> {
  const keys: Record<string, Map<string, ApiBody>> = {};
  const stored = async (schema: string): Promise<Map<string, ApiBody>> => {
    if (!keys[schema]) {
      const rows = await db.rows<{ account_id: string; key: string; response: ApiBody }>(
        `SELECT account_id, key, response FROM ${schema}.idempotency_keys`,
      );
      keys[schema] = new Map(rows.map((r) => [`${r.account_id}|${r.key}`, r.response]));
    }
    return keys[schema];
  };
  const out: Resolved[] = [];
  const unkeyedUnknown: TrafficRecord[] = [];
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
async function resolveUnkeyed(db: Db, records: TrafficRecord[], unknown: TrafficRecord[]): Promise<Resolved[]> {
  const known = new Set(
    records
      .filter((r) => r.kind === 'sms' || r.kind === 'sms-unkeyed')
      .map(acknowledged)
      .map((b) => b?.campaignId)
      .filter((id): id is string => Boolean(id)),
  );
  const keyedIds = new Set(
    (await db.rows<{ id: string }>(`SELECT response->>'campaignId' AS id FROM messaging.idempotency_keys`)).map(
      (r) => r.id,
    ),
  );
  const candidates = (
    await db.rows<{ id: string; account_id: string; text: string; segments: number; recipients: number }>(
      `SELECT id, account_id, text, segments, recipients FROM messaging.campaigns WHERE kind = 'customer'`,
    )
  ).filter((c) => !known.has(c.id) && !keyedIds.has(c.id));
  return unknown.map((rec): Resolved => {
    const matches = candidates.filter((c) => c.account_id === rec.accountId && c.text === rec.req.body?.text);
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

export interface ModelAccount {
  owner: string;
  unlimited: boolean;
  /** The balance as the model computes it. */
  balance: number;
}

export interface ModelCampaign extends SmsCharges {
  accountId: string;
  debited: string;
}

export interface Model {
  accounts: Map<string, ModelAccount>;
  invoices: Map<string, { accountId: string; smsCount: number; paid: boolean }>;
  /** Credit and reset transfers told to the client. */
  transfers: Map<string, { kind: 'credit' | 'reset'; credits: number; subId: string | undefined }>;
  /** Sub-account id → credits given at creation (absent: none). */
  initial: Map<string, number>;
  campaigns: Map<string, ModelCampaign>;
  problems: string[];
}

/** Folds the resolved records into per-account expectations. */
export function buildModel(resolved: Resolved[]): Model {
  const m: Model = {
    accounts: new Map(),
    invoices: new Map(),
    transfers: new Map(),
    initial: new Map(),
    campaigns: new Map(),
    problems: [],
  };
  const account = (id: string, fields: Partial<ModelAccount> = {}): ModelAccount => {
    let a = m.accounts.get(id);
    if (!a) {
      a = { owner: id, unlimited: false, balance: 0 };
      m.accounts.set(id, a);
    }
    return Object.assign(a, fields);
  };
  const happened = resolved.filter(
    (r): r is Extract<Resolved, { body: ApiBody }> => r.outcome === 'acknowledged' || r.outcome === 'happened',
  );
  const byKind = (k: string): Extract<Resolved, { body: ApiBody }>[] => happened.filter((r) => r.rec.kind === k);
  const num = (v: unknown): number => (typeof v === 'number' ? v : 0);
  // Sub-accounts first: later operations need to know whose wallet a send debits.
  for (const { rec, body } of byKind('sub-create')) {
    if (!body.id) continue;
    account(rec.accountId);
    account(body.id, { owner: rec.accountId, unlimited: !!rec.req.body?.unlimited });
    if (rec.req.body?.credits) m.initial.set(body.id, rec.req.body.credits);
  }
  for (const { rec, body } of byKind('purchase')) {
    if (!body.id) continue;
    account(rec.accountId);
    m.invoices.set(body.id, { accountId: rec.accountId, smsCount: num(rec.req.body?.smsCount), paid: false });
  }
  for (const { rec } of byKind('pay')) {
    const inv = rec.invoiceId ? m.invoices.get(rec.invoiceId) : undefined;
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
    const credits = num(rec.req.body?.credits);
    const told = body.transaction;
    if (!told || !rec.subId) {
      m.problems.push(`credit ${rec.key}: answered without a transaction`);
      continue;
    }
    if (told.credits !== credits) m.problems.push(`credit ${rec.key}: asked ${credits}, told ${told.credits}`);
    m.transfers.set(told.id, { kind: 'credit', credits, subId: rec.subId });
    account(rec.subId, { owner: rec.accountId }).balance += credits;
    account(rec.accountId).balance -= credits;
  }
  for (const { rec, body } of byKind('reset')) {
    if (!body.transaction || !rec.subId) continue; // the sub-account held nothing
    const credits = body.transaction.credits;
    m.transfers.set(body.transaction.id, { kind: 'reset', credits, subId: rec.subId });
    account(rec.subId, { owner: rec.accountId }).balance -= credits;
    account(rec.accountId).balance += credits;
  }
  for (const { rec, body } of [...byKind('sms'), ...byKind('sms-unkeyed')]) {
    if (!body.campaignId) continue;
    const sender = account(rec.accountId);
    const debited = m.accounts.has(sender.owner) && sender.unlimited ? sender.owner : rec.accountId;
    const segments = num(body.segments);
    const c = smsCharges(rec.req.body?.to ?? [], segments);
    if (body.creditsCharged !== c.charged || body.recipients !== c.recipients.length) {
      m.problems.push(
        `send ${rec.key || body.campaignId}: ${c.recipients.length} distinct recipients × ${segments} segments, told ${body.recipients} recipients and ${body.creditsCharged} credits`,
      );
    }
    m.campaigns.set(body.campaignId, { accountId: rec.accountId, debited, ...c });
    account(debited).balance -= c.charged - c.refunded;
  }
  return m;
}
