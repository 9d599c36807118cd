// The ledger against what the clients were told (model.js), account by account: every wallet's
// balance equals the model's; invoices are exactly the acknowledged (or resolved) purchases with
// their SMS counts, paid exactly when a payment was; purchase transfers match paid invoices; credit,
// reset and initial-credit transfers are exactly those told, with their amounts; customer campaigns
// are exactly the acknowledged sends, each with one message per distinct number of its `to` list,
// charged and refunded as its body and the carrier's script say. Unknown outcomes must each resolve
// to "happened once" or "did not happen".
import { buildModel, Model, resolveRecords, unknownOutcome } from '../model';
import { expectedFinalStatus } from '../random';
import type { Check, CheckContext } from './context';

const NAME = 'model';

async function run(ctx: CheckContext): Promise<void> {
  const resolved = await resolveRecords(ctx.db, ctx.traffic.records);
  const m = buildModel(resolved);
  ctx.model = m;
  const ambiguous = resolved.flatMap((r) => (r.outcome === 'ambiguous' ? [r] : []));
  const gaveUp = resolved.filter((r) => unknownOutcome(r.rec));
  ctx.note(
    NAME,
    `${resolved.length} requests modelled; ${gaveUp.length} of unknown outcome: ` +
      `${gaveUp.filter((r) => r.outcome === 'happened').length} happened once, ` +
      `${gaveUp.filter((r) => r.outcome === 'not-happened').length} did not happen, ${ambiguous.length} ambiguous`,
  );
  if (ambiguous.length) {
    ctx.violation(
      NAME,
      `${ambiguous.length} request(s) of unknown outcome matched more than one effect`,
      ambiguous.map((r) => `${r.rec.kind} to ${r.rec.accountId}: campaigns ${r.matches.join(', ')}`),
    );
  }
  if (m.problems.length) ctx.violation(NAME, `${m.problems.length} answer(s) disagree with their request`, m.problems);
  if (ctx.features.billing) await invoices(ctx, m);
  if (ctx.features.subAccounts) await transfers(ctx, m);
  if (ctx.features.sms) await campaigns(ctx, m);
  await balances(ctx, m);
}

/** Reports the differences between an expected and an actual Map, keyed alike. */
function compare<E, A>(
  ctx: CheckContext,
  what: string,
  expected: Map<string, E>,
  actual: Map<string, A>,
  same: (e: E, a: A) => string | null,
): void {
  const bad: string[] = [];
  for (const [id, e] of expected) {
    const a = actual.get(id);
    if (!a) bad.push(`${id}: told to the client, missing (${JSON.stringify(e)})`);
    else {
      const why = same(e, a);
      if (why) bad.push(`${id}: ${why}`);
    }
  }
  for (const [id, a] of actual) if (!expected.has(id)) bad.push(`${id}: never told to a client (${JSON.stringify(a)})`);
  ctx.note(NAME, `${what}: ${expected.size} expected, ${actual.size} stored`);
  if (bad.length) ctx.violation(NAME, `${bad.length} ${what} differ from the model`, bad);
}

async function invoices(ctx: CheckContext, m: Model): Promise<void> {
  const rows = await ctx.db.rows<{ id: string; account_id: string; sms_count: string | number; status: string }>(
    `SELECT id, account_id, sms_count, status FROM billing.invoices`,
  );
  const actual = new Map(rows.map((r) => [r.id, r]));
  compare(ctx, 'invoices', m.invoices, actual, (e, a) => {
    if (a.account_id !== e.accountId) return `account ${a.account_id}, expected ${e.accountId}`;
    if (Number(a.sms_count) !== e.smsCount) return `${a.sms_count} SMS, asked ${e.smsCount}`;
    if ((a.status === 'paid') !== e.paid) return `status ${a.status}, payment ${e.paid ? '' : 'never '}acknowledged`;
    return null;
  });
  // Purchase transfers: per owner, one per paid invoice and its credits.
  const bought = await ctx.db.rows<{ id: string; n: number; credits: string }>(
    `SELECT to_account_id AS id, count(*)::int AS n, sum(credits)::bigint AS credits
       FROM wallet.transfers WHERE kind = 'purchase' GROUP BY to_account_id`,
  );
  const expected = new Map<string, { n: number; credits: number }>();
  for (const inv of m.invoices.values()) {
    if (!inv.paid) continue;
    const e = expected.get(inv.accountId) ?? { n: 0, credits: 0 };
    expected.set(inv.accountId, { n: e.n + 1, credits: e.credits + inv.smsCount });
  }
  compare(ctx, 'purchase transfers per account', expected, new Map(bought.map((b) => [b.id, b])), (e, a) =>
    a.n !== e.n || Number(a.credits) !== e.credits
      ? `${a.n} transfers of ${a.credits}, paid ${e.n} of ${e.credits}`
      : null,
  );
}

async function transfers(ctx: CheckContext, m: Model): Promise<void> {
  const rows = await ctx.db.rows<{ id: string; kind: string; credits: string; sub_account_id: string }>(
    `SELECT id, kind, credits, sub_account_id FROM wallet.transfers WHERE kind IN ('credit', 'reset')`,
  );
  compare(ctx, 'credit and reset transfers', m.transfers, new Map(rows.map((r) => [r.id, r])), (e, a) =>
    a.kind !== e.kind || Number(a.credits) !== e.credits || a.sub_account_id !== e.subId
      ? `${a.kind} of ${a.credits} to ${a.sub_account_id}, told ${e.kind} of ${e.credits} to ${e.subId}`
      : null,
  );
  const initial = await ctx.db.rows<{ id: string; n: number; credits: string }>(
    `SELECT sub_account_id AS id, count(*)::int AS n, sum(credits)::bigint AS credits
       FROM wallet.transfers WHERE kind = 'initial-credit' GROUP BY sub_account_id`,
  );
  compare(ctx, 'initial credits', m.initial, new Map(initial.map((r) => [r.id, r])), (e, a) =>
    a.n !== 1 || Number(a.credits) !== e ? `${a.n} transfer(s) of ${a.credits}, asked ${e}` : null,
  );
}

interface CampaignRow {
  id: string;
  account_id: string;
  credits: number;
  recipients: string[];
  cancelled: string[];
  refunded: string;
  debited: string | null;
}

/**
 * Deactivating a sub-account cancels its queued messages and refunds them in full, whatever the
 * carrier's script would have said: a message ends as the script says or, only for a sub-account
 * whose deactivation was asked, cancelled. The extra refunds are credited back to the model's
 * balance of the debited account (m.accounts) before the balances are compared.
 */
async function campaigns(ctx: CheckContext, m: Model): Promise<void> {
  const deactivated = ctx.traffic.deactivationsAsked;
  const rows = await ctx.db.rows<CampaignRow>(`
    SELECT c.id, c.account_id, c.credits, array_agg(msg.recipient ORDER BY msg.recipient) AS recipients,
           COALESCE(array_agg(msg.recipient) FILTER (WHERE msg.status = 'cancelled'), '{}') AS cancelled,
           COALESCE(r.refunded_credits, 0)::bigint AS refunded, r.debited_account_id AS debited
      FROM messaging.campaigns c JOIN messaging.messages msg ON msg.campaign_id = c.id
      LEFT JOIN wallet.reservations r ON r.id = c.id
     WHERE c.kind = 'customer' GROUP BY c.id, r.refunded_credits, r.debited_account_id`);
  compare(ctx, 'campaigns', m.campaigns, new Map(rows.map((r) => [r.id, r])), (e, a) => {
    const why: string[] = [];
    if (a.account_id !== e.accountId) why.push(`account ${a.account_id}, sent by ${e.accountId}`);
    if (a.debited !== e.debited) why.push(`debited ${a.debited}, expected ${e.debited}`);
    const want = [...e.recipients].sort();
    if (want.join(',') !== a.recipients.join(','))
      why.push(`messages to ${a.recipients.join(' ')}, asked ${want.join(' ')}`);
    if (a.credits !== e.charged) why.push(`charged ${a.credits}, expected ${e.charged}`);
    const cancelled = new Set(a.cancelled);
    if (cancelled.size > 0 && !deactivated.has(e.accountId))
      why.push(`${cancelled.size} message(s) cancelled, but no client deactivated ${e.accountId}`);
    const segments = e.recipients.length ? e.charged / e.recipients.length : 0;
    const owed =
      segments *
      (cancelled.size + e.recipients.filter((n) => !cancelled.has(n) && expectedFinalStatus(n) !== 'delivered').length);
    if (Number(a.refunded) !== owed)
      why.push(`refunded ${a.refunded}, owed ${owed} (carrier script ${e.refunded}, ${cancelled.size} cancelled)`);
    const debited = m.accounts.get(e.debited);
    if (debited && owed !== e.refunded) debited.balance += owed - e.refunded;
    return why.join('; ') || null;
  });
}

async function balances(ctx: CheckContext, m: Model): Promise<void> {
  const rows = await ctx.db.rows<{ account_id: string; balance: string }>(
    `SELECT account_id, balance FROM wallet.wallets`,
  );
  const actual = new Map(rows.map((r) => [r.account_id, Number(r.balance)]));
  const bad: string[] = [];
  for (const [id, a] of m.accounts) {
    const balance = actual.get(id);
    if (balance === undefined && a.balance !== 0) bad.push(`${id}: no wallet, model balance ${a.balance}`);
    else if (balance !== undefined && balance !== a.balance) bad.push(`${id}: balance ${balance}, model ${a.balance}`);
  }
  for (const [id, balance] of actual)
    if (!m.accounts.has(id) && balance !== 0) bad.push(`${id}: balance ${balance}, untouched by any client`);
  ctx.note(NAME, `balances: ${m.accounts.size} accounts in the model, ${actual.size} wallets`);
  if (m.accounts.size === 0) ctx.violation(NAME, 'the model holds no account: the traffic did nothing');
  if (bad.length) ctx.violation(NAME, `${bad.length} balance(s) differ from the model`, bad);
}

export const modelCheck: Check = { name: NAME, enabled: () => true, run };
