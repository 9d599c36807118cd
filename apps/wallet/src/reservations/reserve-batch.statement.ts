import { outboxInsertHead } from '@sms/events';

/**
 * Many reserves, possibly of several accounts, as ONE auto-committed statement (group commit; see
 * reserve-batcher.ts). `$1…$7` are parallel arrays in arrival order: reservation id, account,
 * credits, messages, content hash, event id, event envelope (json); `$8`/`$9` the event type and
 * subject; `$10` each event's traceparent (null outside a trace), also in arrival order. Per payer it applies the longest prefix (in arrival order) its
 * balance covers, with ONE conditional UPDATE per payer wallet and multi-row inserts of the
 * transfers, their entries and the reservations. It answers one row per applied reserve, with
 * the payer and the balance right after that reserve (so each caller still gets its own answer).
 *
 * Not applied, and left to the one-reserve statement (RESERVE_SQL) by the caller: an id already
 * stored (replay or 409), an account without a wallet, a deactivated sub-account, and every
 * reserve after the first one its payer's balance does not cover (each then gets its own 422 or
 * goes through on its own: one short reserve never fails its neighbours).
 *
 * Order inside the statement:
 * 1. `req`/`payer`: the requests not stored yet and who pays each (lock-free reads);
 * 2. `locked`: the payers' wallet rows, locked in account-id order (the order every multi-wallet
 *    transaction uses, so batches never deadlock each other or a transfer), read at their latest
 *    committed version (READ COMMITTED re-reads a row it waited for);
 * 3. `applied`: balance after each reserve = locked balance − running sum per payer; the rows with
 *    a balance ≥ 0 are exactly the covered prefix (credits are > 0);
 * 4. one UPDATE per payer by the prefix's total; the inserts FROM `done` (applied rows whose payer's
 *    wallet the UPDATE returned, so an answer and its ledger rows never exist without the debit), the balance-changed
 *    events included (payer and before/after filled in from `applied`, like RESERVE_SQL).
 * `wallets_balance_non_negative` stays the backstop: a balance that moved in between fails the
 * whole statement (nothing written) and the caller runs each reserve on its own.
 */
export const RESERVE_BATCH_SQL = `
WITH req AS (
  SELECT r.id, r.account_id, r.credits, r.messages, r.hash, r.event_id, r.envelope, r.traceparent, r.n
    FROM unnest($1::uuid[], $2::uuid[], $3::bigint[], $4::int[], $5::text[], $6::uuid[], $7::text[], $10::text[])
         WITH ORDINALITY AS r(id, account_id, credits, messages, hash, event_id, envelope, traceparent, n)
   WHERE NOT EXISTS (SELECT 1 FROM wallet.transfers t WHERE t.id = r.id)
), payer AS (
  SELECT req.*, CASE WHEN s.unlimited THEN s.parent_account_id ELSE w.account_id END AS payer
    FROM req JOIN wallet.wallets w ON w.account_id = req.account_id
    LEFT JOIN wallet.sub_accounts s ON s.id = req.account_id
   WHERE s.active IS NOT FALSE
), locked AS MATERIALIZED (
  SELECT w.account_id, w.balance FROM wallet.wallets w
   WHERE w.account_id IN (SELECT payer FROM payer)
   ORDER BY w.account_id FOR NO KEY UPDATE
), running AS (
  SELECT p.*, l.balance - sum(p.credits) OVER (PARTITION BY p.payer ORDER BY p.n) AS balance_after
    FROM payer p JOIN locked l ON l.account_id = p.payer
), applied AS MATERIALIZED (
  SELECT * FROM running WHERE balance_after >= 0
), debit AS (
  UPDATE wallet.wallets w SET balance = w.balance - a.total
    FROM (SELECT payer, sum(credits) AS total FROM applied GROUP BY payer) a
   WHERE w.account_id = a.payer
  RETURNING w.account_id
), done AS MATERIALIZED (
  SELECT a.* FROM applied a JOIN debit d ON d.account_id = a.payer
), transfer AS (
  INSERT INTO wallet.transfers (id, kind, from_account_id, to_book, credits, content_hash, reservation_id)
  SELECT id, 'reserve', payer, 'reservations', credits, hash, id FROM done ORDER BY n
), entries AS (
  INSERT INTO wallet.entries (transfer_id, account_id, book, amount, balance_after)
  SELECT id, payer, NULL, -credits, balance_after FROM done
  UNION ALL
  SELECT id, NULL, 'reservations', credits, NULL FROM done
), reservation AS (
  INSERT INTO wallet.reservations (id, account_id, debited_account_id, credits, messages)
  SELECT id, account_id, payer, credits, messages FROM done
), event AS (
  ${outboxInsertHead('wallet')}
  SELECT event_id, $8, $9,
         jsonb_set(jsonb_set(jsonb_set(jsonb_set(envelope::jsonb,
           '{accountId}', to_jsonb(payer)), '{data,accountId}', to_jsonb(payer)),
           '{data,after}', to_jsonb(balance_after)), '{data,before}', to_jsonb(balance_after + credits)),
         traceparent
    FROM done ORDER BY n
)
SELECT id, payer AS "debitedAccountId", balance_after AS "balanceAfter" FROM done ORDER BY n`;

export interface ReserveBatchRow {
  id: string;
  debitedAccountId: string;
  balanceAfter: string;
}
