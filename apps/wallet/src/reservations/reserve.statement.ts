import { BalanceChangedData, WalletEvents } from '@sms/contracts';
import { EventPublisher } from '@sms/events';

/**
 * The whole reserve as ONE auto-committed statement, so the payer's row lock is held for
 * the rest of this statement and its COMMIT only, with no round trip in between.
 *
 * Order inside the statement matters:
 * 1. `acct` (who pays: the account, or the parent of an unlimited sub-account; refused when
 *    deactivated) and `prior` (a transfer already under this id) are read first, lock-free;
 * 2. `debit` is the conditional UPDATE: it applies only when the payer is allowed, no prior
 *    transfer exists and the balance covers it — this takes the row lock;
 * 3. the transfer, its two entries, the reservation and the outbox event are inserted FROM
 *    `debit`: a short balance, an inactive sub-account or a replay produce no row there, so
 *    nothing at all is written (no exception needed).
 * Foreign-key checks run after the statement body, i.e. after the row lock is ours.
 *
 * A concurrent first attempt with the same id that commits after this statement's snapshot
 * is invisible to `prior`. Either this debit still applies, and then the plain INSERT into
 * `transfers` fails with a unique violation, the whole statement (debit included) rolls
 * back and the caller runs it again, now seeing `prior`; or the first attempt took the
 * credits this debit finds missing, and the caller looks again (PRIOR_SQL, a new snapshot)
 * before answering a refusal.
 */
/** The transfer already stored under an id (`$1`), with what a replay of it answers. */
const PRIOR = `
  SELECT t.kind, t.content_hash, r.debited_account_id,
         (SELECT e.balance_after FROM wallet.entries e
          WHERE e.transfer_id = t.id AND e.account_id IS NOT NULL) AS balance_after
  FROM wallet.transfers t LEFT JOIN wallet.reservations r ON r.id = t.id
  WHERE t.id = $1`;

export const RESERVE_SQL = `
WITH acct AS (
  SELECT w.account_id, s.active,
         CASE WHEN s.unlimited THEN s.parent_account_id ELSE w.account_id END AS payer
  FROM wallet.wallets w LEFT JOIN wallet.sub_accounts s ON s.id = w.account_id
  WHERE w.account_id = $2
), prior AS (${PRIOR}), debit AS (
  UPDATE wallet.wallets SET balance = balance - $3::bigint
  WHERE account_id = (SELECT payer FROM acct WHERE active IS NOT FALSE)
    AND balance >= $3::bigint
    AND NOT EXISTS (SELECT 1 FROM prior)
  RETURNING account_id, balance
), transfer AS (
  INSERT INTO wallet.transfers (id, kind, from_account_id, to_book, credits, content_hash, reservation_id)
  SELECT $1, 'reserve', account_id, 'reservations', $3::bigint, $4, $1 FROM debit
), entries AS (
  INSERT INTO wallet.entries (transfer_id, account_id, book, amount, balance_after)
  SELECT $1, account_id, NULL, -$3::bigint, balance FROM debit
  UNION ALL
  SELECT $1, NULL, 'reservations', $3::bigint, NULL FROM debit
), reservation AS (
  INSERT INTO wallet.reservations (id, account_id, debited_account_id, credits, messages)
  SELECT $1, $2, account_id, $3::bigint, $5 FROM debit
), event AS (
  INSERT INTO wallet.outbox (id, type, subject, payload, traceparent)
  SELECT $6, $7, $8,
         jsonb_set(jsonb_set(jsonb_set(jsonb_set($9::jsonb,
           '{accountId}', to_jsonb(account_id)), '{data,accountId}', to_jsonb(account_id)),
           '{data,after}', to_jsonb(balance)), '{data,before}', to_jsonb(balance + $3::bigint)),
         $10::text
  FROM debit
)
SELECT d.account_id AS "debitedAccountId", d.balance AS "balanceAfter",
       a.account_id IS NOT NULL AS "hasWallet", a.active AS "active",
       p.kind AS "priorKind", p.content_hash AS "priorHash",
       p.debited_account_id AS "priorDebitedAccountId", p.balance_after AS "priorBalanceAfter"
FROM (SELECT 1) one
LEFT JOIN debit d ON true
LEFT JOIN acct a ON true
LEFT JOIN prior p ON true`;

/** The stored transfer under an id, read on a fresh snapshot (before answering a refusal). */
export const PRIOR_SQL = `
SELECT p.kind AS "priorKind", p.content_hash AS "priorHash",
       p.debited_account_id AS "priorDebitedAccountId", p.balance_after AS "priorBalanceAfter"
FROM (${PRIOR}) p`;

export type PriorRow = Pick<ReserveRow, 'priorKind' | 'priorHash' | 'priorDebitedAccountId' | 'priorBalanceAfter'>;

/** What the statement answers: exactly one row, whichever way it went. */
export interface ReserveRow {
  debitedAccountId: string | null;
  balanceAfter: string | null;
  hasWallet: boolean;
  active: boolean | null;
  priorKind: string | null;
  priorHash: string | null;
  priorDebitedAccountId: string | null;
  priorBalanceAfter: string | null;
}

export interface ReserveInput {
  reservationId: string;
  accountId: string;
  credits: number;
  messages: number;
  contentHash: string;
}

/**
 * Parameters of RESERVE_SQL. The event's outbox row is built by libs/events' publisher here; the payer's id
 * and the before/after balances are filled in by PostgreSQL from the debit's RETURNING.
 */
export function reserveParams(r: ReserveInput, events: EventPublisher): unknown[] {
  const data: BalanceChangedData = {
    accountId: r.accountId,
    transferId: r.reservationId,
    kind: 'reserve',
    cause: 'reserve',
    before: 0,
    after: 0,
  };
  const event = events.outboxRow(WalletEvents.balanceChanged, data, { accountId: r.accountId });
  return [
    r.reservationId,
    r.accountId,
    r.credits,
    r.contentHash,
    r.messages,
    event.id,
    event.type,
    event.subject,
    event.payload,
    event.traceparent,
  ];
}
