import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';

/** The SQL of refund-batch.ts; positional parameters as each statement documents them. */
@Injectable()
export class RefundBatchRepository {
  /** The reservations of the batch, locked in id order. */
  lockReservations(q: Queryable, params: unknown[]): Promise<unknown> {
    return q.query(
      `SELECT id, debited_account_id AS "debitedAccountId", credits, messages, refunded_credits AS "refundedCredits",
                  refunded_messages AS "refundedMessages", settled_credits IS NOT NULL AS settled
             FROM wallet.reservations WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      params,
    );
  }

  /** The transfers already stored under the batch's refund ids, with the payer's balance after each. */
  storedTransfers(q: Queryable, params: unknown[]): Promise<unknown> {
    return q.query(
      `SELECT t.id, t.kind, t.content_hash AS hash, e.balance_after AS "balanceAfter"
             FROM wallet.transfers t LEFT JOIN wallet.entries e ON e.transfer_id = t.id AND e.account_id IS NOT NULL
            WHERE t.id = ANY($1::uuid[])`,
      params,
    );
  }

  /** Takes the refunds from their reservations, never more than reserved; RETURNING the ids it could. */
  takeFromReservations(q: Queryable, params: unknown[]): Promise<unknown> {
    return q.query(
      `UPDATE wallet.reservations r
          SET refunded_credits = r.refunded_credits + u.credits, refunded_messages = r.refunded_messages + u.messages
         FROM unnest($1::uuid[], $2::bigint[], $3::int[]) AS u(id, credits, messages)
        WHERE r.id = u.id AND r.refunded_credits + u.credits <= r.credits AND r.refunded_messages + u.messages <= r.messages
        RETURNING r.id`,
      params,
    );
  }

  /** Credits each payer's wallet once; RETURNING the balances after. */
  creditWallets(q: Queryable, params: unknown[]): Promise<unknown> {
    return q.query(
      `UPDATE wallet.wallets w SET balance = w.balance + u.credits
           FROM unnest($1::uuid[], $2::bigint[]) AS u(account_id, credits)
          WHERE w.account_id = u.account_id
          RETURNING w.account_id AS "accountId", w.balance`,
      params,
    );
  }

  /** The refund transfers and their two entries each, in the batch's order. */
  insertTransfers(q: Queryable, params: unknown[]): Promise<unknown> {
    return q.query(
      `WITH t AS (
         INSERT INTO wallet.transfers (id, kind, from_book, to_account_id, credits, content_hash, reservation_id)
         SELECT id, 'refund', book, account_id, credits, hash, reservation_id
           FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::bigint[], $5::text[], $6::uuid[], $7::bigint[])
                WITH ORDINALITY AS u(id, book, account_id, credits, hash, reservation_id, balance_after, n)
          ORDER BY n
         RETURNING id
       )
       INSERT INTO wallet.entries (transfer_id, account_id, book, amount, balance_after)
       SELECT u.id, NULL, u.book, -u.credits, NULL
         FROM unnest($1::uuid[], $2::text[], $4::bigint[]) AS u(id, book, credits) JOIN t ON t.id = u.id
       UNION ALL
       SELECT u.id, u.account_id, NULL, u.credits, u.balance_after
         FROM unnest($1::uuid[], $3::uuid[], $4::bigint[], $7::bigint[]) AS u(id, account_id, credits, balance_after)
         JOIN t ON t.id = u.id`,
      params,
    );
  }
}
