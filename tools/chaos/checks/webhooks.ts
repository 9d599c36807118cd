// Webhooks survive the faults: every message.status event (final status) of an owner with a webhook —
// its own messages and its sub-accounts' — published after the webhook was created reached the
// receiver at least once (de-duplicated by event id) with a valid signature, naming the owner as
// `accountId` and the sub-account as `subAccountId`; no request came unsigned or badly signed; no
// delivery was given up. (That notifications was `kill -9`ed at least once with deliveries in flight
// is a coverage goal: checks/coverage.js.) Waits first for the fan-out and the queue to drain, as
// long as they keep draining (quiet.js's rule): a delivery held by a killed worker comes back after
// its lease.
import '../../runtime/register-aliases'; // @sms/* from dist, whichever module the runner loads first
import { statusChangeEventId } from '@sms/contracts';
import { ProgressDeadline } from '../quiet';
import { scaled } from '../slowness';
import { sleep } from '../types';
import type { Received } from '../webhook-receiver';
import type { Check, CheckContext } from './context';

const NAME = 'webhooks';
const PUBLIC = ['delivered', 'failed', 'expired', 'cancelled', 'blocked'];
const CONSUMER = 'notifications-webhooks-message-status';
/** The consumer of `message.status-changed-batch.v1` (what messaging publishes since issue 12). */
const BATCH_CONSUMER = 'notifications-webhooks-message-status-batch';
/** An event created this soon after the webhook may have been fanned out before it existed. */
const MARGIN_MS = 2000;

async function run(ctx: CheckContext): Promise<void> {
  const w = ctx.webhooks;
  if (!w) return ctx.violation(NAME, 'no webhook receiver in this run');
  const drained = await waitForDrain(ctx);
  if (!drained.ok)
    ctx.violation(
      NAME,
      `webhook deliveries still pending or events not fanned out after ${drained.waitedS} s (${drained.left} left, none drained for ${drained.idleS} s)`,
    );

  const hooks = [...w.hooks.entries()].map(([path, h]) => ({ path, ...h }));
  const created = new Map(
    (
      await ctx.db.rows<{ id: string; at: number }>(
        `SELECT id, (extract(epoch FROM created_at) * 1000)::float8 AS at FROM notifications.webhooks WHERE id = ANY($1::uuid[])`,
        [hooks.map((h) => h.webhookId)],
      )
    ).map((r) => [r.id, r.at]),
  );
  // Per-message events go out under their own id; each change of a batch event under the id derived
  // from the batch's and the message's (what notifications gives it).
  const events = (
    await ctx.db.rows<{
      id: string;
      batch: boolean;
      account: string;
      parent: string | null;
      message: string;
      at: number;
    }>(
      `SELECT id, false AS batch, payload->'data'->>'accountId' AS account, payload->'data'->>'parentAccountId' AS parent,
              payload->'data'->>'messageId' AS message, (extract(epoch FROM created_at) * 1000)::float8 AS at
         FROM messaging.outbox
        WHERE type = 'messaging.message.status-changed.v1' AND payload->'data'->>'status' = ANY($1::text[])
       UNION ALL
       SELECT o.id, true, o.payload->'data'->>'accountId', o.payload->'data'->>'parentAccountId',
              c->>'messageId', (extract(epoch FROM o.created_at) * 1000)::float8
         FROM messaging.outbox o, jsonb_array_elements(o.payload->'data'->'changes') c
        WHERE o.type = 'messaging.message.status-changed-batch.v1' AND c->>'status' = ANY($1::text[])`,
      [PUBLIC],
    )
  ).map(({ batch, ...e }) => (batch ? { ...e, id: statusChangeEventId(e.id, e.message) } : e));

  const unsigned = w.received.filter((r) => !r.signed);
  const badlySigned = w.received.filter((r) => r.signed && w.hooks.has(r.path) && !r.valid);
  if (unsigned.length)
    ctx.violation(NAME, `${unsigned.length} delivery request(s) without a signature`, unsigned.map(show));
  if (badlySigned.length)
    ctx.violation(NAME, `${badlySigned.length} delivery request(s) with a wrong signature`, badlySigned.map(show));

  const missing: string[] = [];
  const wrongBody: string[] = [];
  let expected = 0;
  let duplicates = 0;
  for (const h of hooks) {
    const since = created.get(h.webhookId);
    if (since === undefined) {
      missing.push(`webhook ${h.webhookId} (${h.path}) acknowledged but not stored`);
      continue;
    }
    const got = new Map<string, Received>();
    for (const r of w.received.filter((x) => x.path === h.path && x.valid)) {
      if (got.has(r.eventId)) duplicates++;
      else got.set(r.eventId, r);
    }
    const owner = h.owner.accountId;
    for (const e of events) {
      if (e.account !== owner && e.parent !== owner) continue;
      const r = got.get(e.id);
      if (e.at < since + MARGIN_MS) continue; // may or may not have been fanned out to it
      expected++;
      if (!r) {
        missing.push(`${h.path}: event ${e.id} (message ${e.message} of ${e.account})`);
        continue;
      }
      const body = r.json ?? {};
      const sub = e.parent === owner ? e.account : null;
      if (body.accountId !== owner || (body.subAccountId ?? null) !== sub || body.data?.messageId !== e.message)
        wrongBody.push(`${h.path}: event ${e.id}: ${JSON.stringify(body).slice(0, 200)}`);
    }
  }
  if (missing.length) ctx.violation(NAME, `${missing.length} status event(s) never received (signed)`, missing);
  if (wrongBody.length) ctx.violation(NAME, `${wrongBody.length} delivery body(ies) with the wrong account`, wrongBody);

  const failed = await ctx.db.rows(
    `SELECT id, event_id, attempts, response_status, last_error FROM notifications.webhook_deliveries WHERE status = 'failed'`,
  );
  if (failed.length)
    ctx.violation(
      NAME,
      `${failed.length} webhook delivery(ies) given up`,
      failed.map((f) => JSON.stringify(f)),
    );

  ctx.note(
    NAME,
    `${hooks.length} webhooks (${w.stats.unknownOutcomes} registrations of unknown outcome), ${expected} status events expected, ` +
      `${w.stats.requests} requests (${w.stats.answered503} answered 503, ${duplicates} repeats of an event, ` +
      `${w.stats.unknownPath} to a registration whose answer was lost); kill -9 mid-delivery: ${JSON.stringify(w.kills)}`,
  );
}

/** Waits while the deliveries and the fan-out keep draining (120 s without progress, scaled, at most 3 × that). */
async function waitForDrain(ctx: CheckContext): Promise<{ ok: boolean; left: number; waitedS: number; idleS: number }> {
  const started = Date.now();
  const idleMs = scaled(120000);
  const deadline = new ProgressDeadline({ idleMs, capMs: 3 * idleMs });
  const result = (ok: boolean, left: number) => ({
    ok,
    left,
    waitedS: Math.round((Date.now() - started) / 1000),
    idleS: Math.round(idleMs / 1000),
  });
  for (;;) {
    const row = await ctx.db.one<{ pending: number; unapplied: number }>(
      `SELECT (SELECT count(*)::int FROM notifications.webhook_deliveries WHERE status = 'pending') AS pending,
              (SELECT count(*)::int FROM messaging.outbox o
                WHERE (o.type = 'messaging.message.status-changed.v1'
                       AND NOT EXISTS (SELECT 1 FROM notifications.inbox i WHERE i.consumer = $1 AND i.event_id = o.id))
                   OR (o.type = 'messaging.message.status-changed-batch.v1'
                       AND NOT EXISTS (SELECT 1 FROM notifications.inbox i WHERE i.consumer = $2 AND i.event_id = o.id))) AS unapplied`,
      [CONSUMER, BATCH_CONSUMER],
    );
    const left = row.pending + row.unapplied;
    if (left === 0) return result(true, 0);
    deadline.progress(left);
    if (deadline.expired()) return result(false, left);
    await sleep(1000);
  }
}

function show(r: Received): string {
  return `${r.path} event ${r.eventId}`;
}

export const webhooksCheck: Check = { name: NAME, enabled: (f) => f.sms && f.alerts, run };
