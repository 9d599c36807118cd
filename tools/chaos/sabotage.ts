// `--self-test`: proves the checks can fail. After quiet, one small corruption per check is written
// into the run's throwaway database (or the traffic's record); every sabotaged check must then
// report at least one violation.
import type { CheckContext } from './checks/context';
import type { Log } from './types';

interface Sabotage {
  check: string;
  what: string;
  apply(ctx: CheckContext): Promise<void>;
}

const SABOTAGE: Sabotage[] = [
  {
    check: 'responses',
    what: 'a 500 answer recorded',
    apply: async (ctx) => {
      ctx.traffic.unexpected.push({ op: 'self-test', status: 500, code: 'internal' });
    },
  },
  {
    check: 'credits',
    what: '7 credits conjured into an owner wallet',
    apply: async (ctx) => {
      await ctx.db.rows(`UPDATE wallet.wallets SET balance = balance + 7 WHERE account_id = (
        SELECT account_id FROM wallet.wallets WHERE account_id NOT IN (SELECT id FROM wallet.sub_accounts) LIMIT 1)`);
    },
  },
  {
    check: 'idempotency',
    what: 'the stored key of one purchase forgotten',
    apply: async (ctx) => {
      await ctx.db.rows(`DELETE FROM billing.idempotency_keys WHERE key = (
        SELECT key FROM billing.idempotency_keys WHERE key LIKE 'purchase.%' LIMIT 1)`);
    },
  },
  {
    check: 'messages',
    what: 'one message dropped from the history',
    apply: async (ctx) => {
      await ctx.db.rows(`DELETE FROM reporting.messages WHERE id = (SELECT id FROM reporting.messages LIMIT 1)`);
    },
  },
  {
    check: 'alerts',
    what: 'one alert removed from the log (or one invented)',
    apply: async (ctx) => {
      const removed = await ctx.db.rows(
        `DELETE FROM notifications.alerts WHERE id = (SELECT id FROM notifications.alerts LIMIT 1) RETURNING id`,
      );
      if (removed.length) return;
      await ctx.db
        .rows(`INSERT INTO notifications.alerts (id, account_id, event_id, channel, recipient, threshold, balance)
        SELECT gen_random_uuid(), account_id, gen_random_uuid(), 'email', 'nobody@chaos.example', threshold, 0
          FROM notifications.balance_alerts LIMIT 1`);
    },
  },
  {
    check: 'invoices',
    what: 'the invoice counter moved one ahead (a gap)',
    apply: async (ctx) => {
      await ctx.db.rows(`UPDATE billing.invoice_counters SET last = last + 1`);
    },
  },
  {
    check: 'model',
    what: 'one acknowledged purchase remembered with one SMS more than the invoice holds',
    apply: async (ctx) => {
      const rec = ctx.traffic.records.find((r) => r.kind === 'purchase' && r.status === 201);
      if (rec) rec.req = { ...rec.req, body: { ...rec.req.body, smsCount: (rec.req.body?.smsCount ?? 0) + 1 } };
    },
  },
  {
    check: 'coverage',
    what: 'one feature switched off and the gave-up count beyond its bound',
    apply: async (ctx) => {
      ctx.detected = { ...ctx.features, history: false }; // as if /api/docs-json lacked the history routes
      ctx.traffic.stats.gaveUp += 1000;
    },
  },
  {
    check: 'processes',
    what: 'a process exit by itself recorded',
    apply: async (ctx) => {
      ctx.crashes.push({ name: 'self-test', code: 1, signal: null, atS: 0 });
    },
  },
];

/** Applies the sabotage of every enabled check; resolves the list of sabotaged check names. */
export async function sabotage(ctx: CheckContext, enabledChecks: string[], log: Log): Promise<string[]> {
  const done: string[] = [];
  for (const s of SABOTAGE.filter((x) => enabledChecks.includes(x.check))) {
    await s.apply(ctx);
    log(`self-test: ${s.check} ← ${s.what}`);
    done.push(s.check);
  }
  return done;
}

/** The sabotaged checks that reported nothing. */
export function uncaught(ctx: CheckContext, sabotaged: string[]): string[] {
  const caught = new Set(ctx.violations.map((v) => v.check));
  return sabotaged.filter((c) => !caught.has(c));
}
