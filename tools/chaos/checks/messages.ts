// Every accepted message is in the history with a final status: each campaign the API accepted
// (202) exists with one message per recipient; each message ended delivered, failed or expired as
// the simulated carrier scripts it for its number, or cancelled (never handed to the carrier: a
// sub-account deactivated while it was queued); the history API (owners' own, and each
// sub-account's through its owner) shows every one of them with messaging's status and nothing
// else; the sub-accounts' "SMS sent" equals the messages the carrier accepted for them.
import { expectedFinalStatus } from '../random';
import type { ApiBody } from '../types';
import { groupBy, type Check, type CheckContext } from './context';

const NAME = 'messages';
const FINAL = new Set(['delivered', 'failed', 'expired', 'cancelled']);

interface MessageRow {
  id: string;
  campaign_id: string;
  account_id: string;
  recipient: string;
  status: string;
  accepted: boolean;
}

async function run(ctx: CheckContext): Promise<void> {
  const messages = await ctx.db.rows<MessageRow>(`
    SELECT m.id, m.campaign_id, c.account_id, m.recipient, m.status, m.sent_at IS NOT NULL AS accepted
      FROM messaging.messages m JOIN messaging.campaigns c ON c.id = m.campaign_id WHERE c.kind = 'customer'`);
  acceptedCampaignsExist(ctx, messages);
  finalStatuses(ctx, messages);
  if (ctx.features.history) await historyShowsAll(ctx, messages);
  if (ctx.features.subAccounts) await smsSentCounts(ctx, messages);
}

function acceptedCampaignsExist(ctx: CheckContext, messages: MessageRow[]): void {
  const byCampaign = groupBy(messages, (m) => m.campaign_id);
  const bad: string[] = [];
  let accepted = 0;
  for (const rec of ctx.traffic.records) {
    if ((rec.kind !== 'sms' && rec.kind !== 'sms-unkeyed') || rec.status !== 202) continue;
    accepted++;
    const body: ApiBody = rec.body ?? {};
    const stored = (body.campaignId && byCampaign.get(body.campaignId)) || [];
    if (stored.length !== body.recipients)
      bad.push(`${body.campaignId}: accepted ${body.recipients} recipients, stored ${stored.length}`);
  }
  if (bad.length) ctx.violation(NAME, `${bad.length} accepted campaign(s) missing or incomplete`, bad);
  ctx.note(NAME, `${accepted} campaigns acknowledged with 202, ${byCampaign.size} stored, ${messages.length} messages`);
}

function finalStatuses(ctx: CheckContext, messages: MessageRow[]): void {
  const notFinal = messages.filter((m) => !FINAL.has(m.status));
  if (notFinal.length) {
    const counts = [...groupBy(notFinal, (m) => m.status)].map(([s, rows]) => `${rows.length} ${s}`).join(', ');
    ctx.violation(
      NAME,
      `${notFinal.length} message(s) without a final status (${counts})`,
      notFinal.map((m) => `${m.id} ${m.status}`),
    );
  }
  const wrong = messages.filter(
    (m) =>
      FINAL.has(m.status) && (m.status === 'cancelled' ? m.accepted : m.status !== expectedFinalStatus(m.recipient)),
  );
  if (wrong.length) {
    ctx.violation(
      NAME,
      `${wrong.length} message(s) with a status the carrier did not give`,
      wrong.map((m) => `${m.id} to ${m.recipient}: ${m.status}, expected ${expectedFinalStatus(m.recipient)}`),
    );
  }
}

/** The history pages of every account, read through the API, against messaging's rows. */
async function historyShowsAll(ctx: CheckContext, messages: MessageRow[]): Promise<void> {
  const byAccount = groupBy(messages, (m) => m.account_id);
  const subs = await ctx.db.rows<{ id: string; parent_account_id: string }>(
    `SELECT id, parent_account_id FROM wallet.sub_accounts`,
  );
  const missing: string[] = [];
  const differ: string[] = [];
  const extra: string[] = [];
  let read = 0;
  for (const owner of ctx.traffic.owners) {
    const views = [{ accountId: owner.accountId, path: '/history' }];
    for (const s of subs.filter((x) => x.parent_account_id === owner.accountId)) {
      views.push({ accountId: s.id, path: `/sub-accounts/${s.id}/history` });
    }
    for (const v of views) {
      const items = await ctx.getAll(v.path, owner);
      read += items.length;
      const shown = new Map(items.map((i) => [i.id, i]));
      for (const m of byAccount.get(v.accountId) ?? []) {
        const item = shown.get(m.id);
        if (!item) missing.push(`${m.id} (${m.status}) of ${v.accountId}`);
        else if (item.status !== m.status) differ.push(`${m.id}: history ${item.status}, messaging ${m.status}`);
        shown.delete(m.id);
      }
      for (const id of shown.keys()) extra.push(`${id} in ${v.path}`);
    }
  }
  if (missing.length) ctx.violation(NAME, `${missing.length} message(s) missing from the history`, missing);
  if (differ.length) ctx.violation(NAME, `${differ.length} message(s) with another status in the history`, differ);
  if (extra.length) ctx.violation(NAME, `${extra.length} history item(s) messaging does not have`, extra);
  ctx.note(NAME, `history read through the API: ${read} items`);
}

/** "SMS sent" of each sub-account = its messages the carrier accepted (rejected ones are refunded as unsent). */
async function smsSentCounts(ctx: CheckContext, messages: MessageRow[]): Promise<void> {
  const byAccount = groupBy(messages, (m) => m.account_id);
  const bad: string[] = [];
  let subs = 0;
  for (const owner of ctx.traffic.owners) {
    for (const s of await ctx.getAll('/sub-accounts', owner)) {
      subs++;
      const expected = ((s.id && byAccount.get(s.id)) || []).filter((m) => m.accepted).length;
      if (s.smsSent !== expected) bad.push(`${s.id}: smsSent ${s.smsSent}, carrier accepted ${expected}`);
    }
  }
  if (bad.length) ctx.violation(NAME, `${bad.length} sub-account(s) with a wrong SMS-sent count`, bad);
  ctx.note(NAME, `SMS-sent counts of ${subs} sub-accounts compared`);
}

export const messagesCheck: Check = { name: NAME, enabled: (f) => f.sms, run };
