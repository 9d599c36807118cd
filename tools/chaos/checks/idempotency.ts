// Every idempotent request took effect once. The client side: every 2xx answer given for one
// Idempotency-Key (retries, repeats, racing copies) names the same object, and that object is what
// the service stored with the key. The database side: every effect (invoice, paid invoice,
// sub-account, credit, reset, campaign) belongs to exactly one stored key, so no retry and no
// reused key with another body produced a second one.
import type { ApiBody, FeatureName, TrafficRecord } from '../types';
import { groupBy, type Check, type CheckContext } from './context';

const NAME = 'idempotency';

/** Per kind of keyed request: the service schema holding the key, and the id its answer names. */
const KINDS: Record<string, { schema: string; id: (b: ApiBody | null) => string | undefined; feature: FeatureName }> = {
  purchase: { schema: 'billing', id: (b) => b?.id, feature: 'billing' },
  pay: { schema: 'billing', id: (b) => b?.id, feature: 'billing' },
  'sub-create': { schema: 'wallet', id: (b) => b?.id, feature: 'subAccounts' },
  credit: { schema: 'wallet', id: (b) => b?.transaction?.id, feature: 'subAccounts' },
  reset: {
    schema: 'wallet',
    id: (b) => (b ? (b.transaction ? b.transaction.id : 'nothing-to-reset') : undefined),
    feature: 'subAccounts',
  },
  sms: { schema: 'messaging', id: (b) => b?.campaignId, feature: 'sms' },
};

const is2xx = (s: unknown): boolean => typeof s === 'number' && s >= 200 && s < 300;

async function run(ctx: CheckContext): Promise<void> {
  await clientAnswers(ctx);
  await effectsHaveOneKey(ctx);
}

async function storedKeys(ctx: CheckContext, schema: string): Promise<Map<string, ApiBody>> {
  const rows = await ctx.db.rows<{ account_id: string; key: string; response: ApiBody }>(
    `SELECT account_id, key, response FROM ${schema}.idempotency_keys`,
  );
  return new Map(rows.map((r) => [`${r.account_id}|${r.key}`, r.response]));
}

async function clientAnswers(ctx: CheckContext): Promise<void> {
  const stored: Record<string, Map<string, ApiBody>> = {};
  const mismatched: string[] = [];
  const missing: string[] = [];
  let checked = 0;
  for (const rec of ctx.traffic.records) {
    const kind = KINDS[rec.kind];
    if (!kind || !ctx.features[kind.feature]) continue;
    const answers = [{ status: rec.status, body: rec.body }, ...rec.repeats].filter((a) => is2xx(a.status));
    if (answers.length === 0) continue;
    checked++;
    const ids = new Set(answers.map((a) => kind.id(a.body)));
    if (ids.size > 1) mismatched.push(`${rec.key}: ${answers.length} answers naming ${[...ids].join(', ')}`);
    stored[kind.schema] ??= await storedKeys(ctx, kind.schema);
    const response = stored[kind.schema].get(`${rec.accountId}|${rec.key}`);
    if (response === undefined)
      missing.push(`${rec.key}: answered ${answers[0].status} but no key stored in ${kind.schema}`);
    else if (kind.id(response) !== kind.id(answers[0].body)) {
      mismatched.push(`${rec.key}: answered ${kind.id(answers[0].body)}, stored ${kind.id(response)}`);
    }
  }
  if (mismatched.length) ctx.violation(NAME, `${mismatched.length} key(s) answered different results`, mismatched);
  if (missing.length)
    ctx.violation(NAME, `${missing.length} acknowledged request(s) without their stored key`, missing);
  const reused = ctx.traffic.records.filter((r) => r.kind === 'key-reuse' && r.status !== 'gave-up');
  ctx.note(
    NAME,
    `${checked} acknowledged keyed requests compared with their stored keys; ${reused.length} key reuses with another body`,
  );
}

interface Effect {
  feature: FeatureName;
  what: string;
  sql: string;
  /** Paying an already-paid invoice with a new key is allowed and changes nothing. */
  atLeastOne?: boolean;
  /** The kind of record of the same effect sent without a key. */
  unkeyed?: string;
  idOf?: (b: ApiBody | null) => string | undefined;
}

interface EffectRow {
  id: string;
  keys: number;
}

/** Effects that no stored key accounts for, or more than one effect per key. */
const EFFECTS: Effect[] = [
  {
    feature: 'billing',
    what: 'invoices',
    sql: `SELECT i.id, count(k.key)::int AS keys FROM billing.invoices i
            LEFT JOIN billing.idempotency_keys k ON k.account_id = i.account_id AND k.key LIKE 'purchase.%' AND k.response->>'id' = i.id::text
           GROUP BY i.id`,
  },
  {
    feature: 'billing',
    what: 'paid invoices',
    sql: `SELECT i.id, count(k.key)::int AS keys FROM billing.invoices i
            LEFT JOIN billing.idempotency_keys k ON k.account_id = i.account_id AND k.key LIKE 'pay.%' AND k.response->>'id' = i.id::text
           WHERE i.status = 'paid' GROUP BY i.id`,
    atLeastOne: true, // paying an already-paid invoice with a new key is allowed and changes nothing
  },
  {
    feature: 'subAccounts',
    what: 'sub-accounts',
    sql: `SELECT s.id, count(k.key)::int AS keys FROM wallet.sub_accounts s
            LEFT JOIN wallet.idempotency_keys k ON k.account_id = s.parent_account_id AND k.key LIKE 'sub.%' AND k.response->>'id' = s.id::text
           GROUP BY s.id`,
  },
  {
    feature: 'subAccounts',
    what: 'credit transfers',
    sql: `SELECT t.id, count(k.key)::int AS keys FROM wallet.transfers t
            LEFT JOIN wallet.idempotency_keys k ON k.key LIKE 'credit.%' AND k.response->'transaction'->>'id' = t.id::text
           WHERE t.kind = 'credit' GROUP BY t.id`,
  },
  {
    feature: 'subAccounts',
    what: 'reset transfers',
    sql: `SELECT t.id, count(k.key)::int AS keys FROM wallet.transfers t
            LEFT JOIN wallet.idempotency_keys k ON k.key LIKE 'reset.%' AND k.response->'transaction'->>'id' = t.id::text
           WHERE t.kind = 'reset' GROUP BY t.id`,
  },
  {
    feature: 'subAccounts',
    what: 'sub-accounts with initial credits (one transfer each)',
    sql: `SELECT t.sub_account_id AS id, count(*)::int AS keys FROM wallet.transfers t
           WHERE t.kind = 'initial-credit' GROUP BY t.sub_account_id`,
  },
  {
    feature: 'sms',
    what: 'campaigns',
    sql: `SELECT c.id, count(k.key)::int AS keys FROM messaging.campaigns c
            LEFT JOIN messaging.idempotency_keys k ON k.account_id = c.account_id AND k.key LIKE 'sms.%' AND k.response->>'campaignId' = c.id::text
           WHERE c.kind = 'customer' GROUP BY c.id`,
    // Campaigns of POST /sms sent without a key: the acknowledged ones are known by id, and at most
    // one more per request whose outcome the client could not know.
    unkeyed: 'sms-unkeyed',
    idOf: (b) => b?.campaignId,
  },
];

/** Drops the effects of requests sent without a key; fails when more are left than unknown outcomes. */
function allowUnkeyed(ctx: CheckContext, e: Effect, bad: EffectRow[]): EffectRow[] {
  const idOf = e.idOf ?? ((b: ApiBody | null) => b?.id);
  const sent: TrafficRecord[] = ctx.traffic.records.filter((r) => r.kind === e.unkeyed);
  const acknowledged = new Set(sent.filter((r) => is2xx(r.status)).map((r) => idOf(r.body)));
  const unknown = sent.filter((r) => r.status === 'gave-up').length;
  const unexplained = bad.filter((r) => !(r.keys === 0 && acknowledged.has(r.id)));
  const orphans = unexplained.filter((r) => r.keys === 0);
  ctx.note(
    NAME,
    `${sent.length} ${e.what} requests without a key: ${acknowledged.size} acknowledged, ${unknown} of unknown outcome, ${orphans.length} stored anyway`,
  );
  return orphans.length <= unknown ? unexplained.filter((r) => r.keys !== 0) : unexplained;
}

async function effectsHaveOneKey(ctx: CheckContext): Promise<void> {
  for (const e of EFFECTS) {
    if (!ctx.features[e.feature]) continue;
    const rows = await ctx.db.rows<EffectRow>(e.sql);
    let bad = rows.filter((r) => (e.atLeastOne ? r.keys < 1 : r.keys !== 1));
    if (e.unkeyed) bad = allowUnkeyed(ctx, e, bad);
    if (bad.length) {
      ctx.violation(
        NAME,
        `${bad.length} of ${rows.length} ${e.what} not backed by exactly one stored request`,
        bad.map((r) => `${r.id}: ${r.keys} key(s)`),
      );
    }
  }
  // A key stored twice for one effect cannot happen (primary key); two keys naming one effect would show above.
  const perKind = groupBy(ctx.traffic.records, (r) => r.kind);
  ctx.note(NAME, `keyed requests sent: ${[...perKind].map(([k, v]) => `${k} ${v.length}`).join(', ')}`);
}

export const idempotencyCheck: Check = { name: NAME, enabled: () => true, run };
