// Credits are conserved. For every owner account and its sub-accounts (a "family"):
//   paid invoices' SMS (billing) = purchase transfers into the wallet (count and credits)
//                                = Σ wallet balances + consumed (reservations settled, refunds deducted) + held
// with nothing held in reservations once quiet; the wallet's own `verify` is clean; no balance or
// ledger line below zero; every customer campaign has its reservation, charged segments × recipients
// and refunded exactly its failed/expired/rejected messages; no reservation lost without its campaign;
// alert SMS are free.
import { connect } from 'nats';
import { randomUUID } from 'node:crypto';
import { errorText } from '../types';
import type { Check, CheckContext } from './context';

const NAME = 'credits';

async function run(ctx: CheckContext): Promise<void> {
  await ledgerVerify(ctx);
  await nothingNegative(ctx);
  await familiesBalance(ctx);
  if (ctx.features.sms) await campaignsCharged(ctx);
}

interface VerifyReply {
  err?: unknown;
  response?: { ok: boolean; problems: string[]; walletsChecked: number; transfersChecked: number };
}

/** WalletRpc.verify over NATS, in the Nest packet format the wallet answers. */
async function ledgerVerify(ctx: CheckContext): Promise<void> {
  let nc: Awaited<ReturnType<typeof connect>> | undefined;
  try {
    nc = await connect({
      servers: ctx.natsUrl.split(','),
      name: 'chaos-checks',
      timeout: 5000,
      ...ctx.natsConnectOptions, // the stack's harness user
    });
    const packet = JSON.stringify({ pattern: `${ctx.natsPrefix}wallet.ledger.verify.v1`, data: {}, id: randomUUID() });
    const msg = await nc.request(`${ctx.natsPrefix}wallet.ledger.verify.v1`, Buffer.from(packet), { timeout: 30000 });
    const reply = JSON.parse(Buffer.from(msg.data).toString('utf8')) as VerifyReply;
    if (reply.err || !reply.response)
      return ctx.violation(NAME, `ledger verify answered an error: ${JSON.stringify(reply.err)}`);
    const v = reply.response;
    if (!v.ok) ctx.violation(NAME, `ledger verify found ${v.problems.length} problem(s)`, v.problems);
    ctx.note(NAME, `ledger verify: ${v.walletsChecked} wallets, ${v.transfersChecked} transfers, ok=${v.ok}`);
  } catch (err) {
    ctx.violation(NAME, `ledger verify could not be asked over NATS: ${errorText(err)}`);
  } finally {
    if (nc) await nc.close().catch(() => undefined);
  }
}

async function nothingNegative(ctx: CheckContext): Promise<void> {
  const w = await ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM wallet.wallets WHERE balance < 0`);
  if (w.n) ctx.violation(NAME, `${w.n} wallet(s) below zero`);
  const e = await ctx.db.one<{ n: number }>(`SELECT count(*)::int AS n FROM wallet.entries WHERE balance_after < 0`);
  if (e.n) ctx.violation(NAME, `${e.n} ledger line(s) left a balance below zero`);
}

interface FamilyRow {
  owner: string;
  balances: string;
  consumed: string;
  held: string;
  credited: string;
  purchases: number;
}

async function familiesBalance(ctx: CheckContext): Promise<void> {
  const wallet = await ctx.db.rows<FamilyRow>(`
    WITH fam AS (
      SELECT w.account_id, COALESCE(s.parent_account_id, w.account_id) AS owner
        FROM wallet.wallets w LEFT JOIN wallet.sub_accounts s ON s.id = w.account_id),
    bal AS (SELECT f.owner, sum(w.balance) AS balances FROM wallet.wallets w JOIN fam f USING (account_id) GROUP BY f.owner),
    res AS (SELECT f.owner,
                   COALESCE(sum(r.credits - r.refunded_credits) FILTER (WHERE r.settled_at IS NOT NULL), 0) AS consumed,
                   COALESCE(sum(r.credits - r.refunded_credits) FILTER (WHERE r.settled_at IS NULL), 0) AS held
              FROM wallet.reservations r JOIN fam f ON f.account_id = r.debited_account_id GROUP BY f.owner),
    bought AS (SELECT to_account_id AS owner, sum(credits) AS credited, count(*) AS n
                 FROM wallet.transfers WHERE kind = 'purchase' GROUP BY to_account_id)
    SELECT b.owner, b.balances::bigint, COALESCE(r.consumed, 0)::bigint AS consumed, COALESCE(r.held, 0)::bigint AS held,
           COALESCE(p.credited, 0)::bigint AS credited, COALESCE(p.n, 0)::int AS purchases
      FROM bal b LEFT JOIN res r USING (owner) LEFT JOIN bought p USING (owner)
     WHERE b.owner NOT IN (SELECT id FROM wallet.sub_accounts)`);
  const paid = new Map<string, { sms: string; n: number }>();
  if (ctx.features.billing) {
    const rows = await ctx.db.rows<{ account_id: string; sms: string; n: number }>(
      `SELECT account_id, sum(sms_count)::bigint AS sms, count(*)::int AS n
         FROM billing.invoices WHERE status = 'paid' GROUP BY account_id`,
    );
    for (const r of rows) paid.set(r.account_id, r);
  }
  const bad = { purchase: [] as string[], conservation: [] as string[], held: [] as string[] };
  let totals = { paid: 0, balances: 0, consumed: 0 };
  for (const f of wallet) {
    const [balances, consumed, held, credited] = [f.balances, f.consumed, f.held, f.credited].map(Number);
    const p = paid.get(f.owner) ?? { sms: '0', n: 0 };
    paid.delete(f.owner);
    if (ctx.features.billing && (Number(p.sms) !== credited || p.n !== f.purchases)) {
      bad.purchase.push(
        `${f.owner}: invoices paid ${p.n} (${p.sms} SMS), wallet credited ${f.purchases} (${credited})`,
      );
    }
    if (credited !== balances + consumed + held) {
      bad.conservation.push(
        `${f.owner}: purchased ${credited} ≠ balances ${balances} + consumed ${consumed} + held ${held}`,
      );
    }
    if (held !== 0) bad.held.push(`${f.owner}: ${held} credits still held by open reservations`);
    totals = {
      paid: totals.paid + credited,
      balances: totals.balances + balances,
      consumed: totals.consumed + consumed,
    };
  }
  for (const [owner, p] of paid) bad.purchase.push(`${owner}: ${p.n} paid invoice(s) (${p.sms} SMS) but no wallet`);
  if (bad.purchase.length)
    ctx.violation(NAME, `${bad.purchase.length} account(s): paid invoices ≠ wallet purchases`, bad.purchase);
  if (bad.conservation.length)
    ctx.violation(NAME, `${bad.conservation.length} account(s) not conserved`, bad.conservation);
  if (bad.held.length) ctx.violation(NAME, `${bad.held.length} account(s) with credits held after quiet`, bad.held);
  ctx.note(
    NAME,
    `${wallet.length} accounts: purchased ${totals.paid} = balances ${totals.balances} + consumed ${totals.consumed}`,
  );
}

interface CampaignRow {
  id: string;
  account_id: string;
  credits: number;
  segments: number;
  recipients: number;
  messages: number;
  undelivered: number;
  reservation: string | null;
  r_account: string | null;
  reserved: string | null;
  refunded: string | null;
  settled_at: Date | null;
}

/** Each customer campaign against its reservation; reservations without a campaign; free system SMS. */
async function campaignsCharged(ctx: CheckContext): Promise<void> {
  const rows = await ctx.db.rows<CampaignRow>(`
    SELECT c.id, c.account_id, c.credits, c.segments, c.recipients,
           (SELECT count(*) FROM messaging.messages m WHERE m.campaign_id = c.id)::int AS messages,
           (SELECT count(*) FROM messaging.messages m WHERE m.campaign_id = c.id AND m.status IN ('failed', 'expired', 'cancelled'))::int AS undelivered,
           r.id AS reservation, r.account_id AS r_account, r.credits AS reserved, r.refunded_credits AS refunded, r.settled_at
      FROM messaging.campaigns c LEFT JOIN wallet.reservations r ON r.id = c.id
     WHERE c.kind = 'customer'`);
  const bad: string[] = [];
  for (const c of rows) {
    const why: string[] = [];
    if (!c.reservation) why.push('no reservation');
    else {
      if (Number(c.reserved) !== c.credits || c.credits !== c.segments * c.recipients)
        why.push(`reserved ${c.reserved}, charged ${c.credits}`);
      if (c.r_account !== c.account_id) why.push('reserved for another account');
      if (!c.settled_at) why.push('not settled');
      if (Number(c.refunded) !== c.undelivered * c.segments)
        why.push(`refunded ${c.refunded}, owed ${c.undelivered * c.segments}`);
    }
    if (c.messages !== c.recipients) why.push(`${c.messages} messages for ${c.recipients} recipients`);
    if (why.length) bad.push(`campaign ${c.id}: ${why.join(', ')}`);
  }
  if (bad.length) ctx.violation(NAME, `${bad.length} campaign(s) charged wrong`, bad);
  const lost = await ctx.db.rows<{ id: string; credits: string; refunded_credits: string }>(`
    SELECT r.id, r.credits, r.refunded_credits FROM wallet.reservations r
     WHERE NOT EXISTS (SELECT 1 FROM messaging.campaigns c WHERE c.id = r.id) AND r.refunded_credits <> r.credits`);
  if (lost.length) {
    ctx.violation(
      NAME,
      `${lost.length} reservation(s) without a campaign kept credits`,
      lost.map((r) => `${r.id}: reserved ${r.credits}, refunded ${r.refunded_credits}`),
    );
  }
  const system = await ctx.db.one<{ n: number }>(`
    SELECT count(*)::int AS n FROM messaging.campaigns c
     WHERE c.kind = 'system' AND (c.credits <> 0 OR EXISTS (SELECT 1 FROM wallet.reservations r WHERE r.id = c.id))`);
  if (system.n) ctx.violation(NAME, `${system.n} system (alert) SMS charged to someone`);
  ctx.note(NAME, `${rows.length} customer campaigns checked against their reservations`);
}

export const creditsCheck: Check = { name: NAME, enabled: () => true, run };
