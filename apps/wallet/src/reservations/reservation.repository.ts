import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';

/** The SQL of reservation.service.ts. */
@Injectable()
export class ReservationRepository {
  markSettled(db: Queryable, id: string, held: number): Promise<void> {
    return db.query(`UPDATE wallet.reservations SET settled_credits = $2, settled_at = now() WHERE id = $1`, [
      id,
      held,
    ]);
  }

  lockForSettle(
    db: Queryable,
    ids: string[],
  ): Promise<{ id: string; credits: string; refundedCredits: string; settledCredits: string | null }[]> {
    return db.query(
      `SELECT id, credits, refunded_credits AS "refundedCredits", settled_credits AS "settledCredits"
             FROM wallet.reservations WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  insertSettleTransfers(
    db: Queryable,
    ids: string[],
    credits: number[],
    hashes: string[],
    reservationIds: string[],
  ): Promise<void> {
    return db.query(
      `WITH t AS (
             INSERT INTO wallet.transfers (id, kind, from_book, to_book, credits, content_hash, reservation_id)
             SELECT id, 'settle', 'reservations', 'consumed', credits, hash, reservation_id
               FROM unnest($1::uuid[], $2::bigint[], $3::text[], $4::uuid[]) AS u(id, credits, hash, reservation_id)
             RETURNING id, credits
           )
           INSERT INTO wallet.entries (transfer_id, book, amount)
           SELECT id, 'reservations', -credits FROM t
           UNION ALL
           SELECT id, 'consumed', credits FROM t`,
      [ids, credits, hashes, reservationIds],
    );
  }

  markSettledMany(db: Queryable, ids: string[], held: number[]): Promise<void> {
    return db.query(
      `UPDATE wallet.reservations r SET settled_credits = u.held, settled_at = now()
             FROM unnest($1::uuid[], $2::bigint[]) AS u(id, held) WHERE r.id = u.id`,
      [ids, held],
    );
  }

  addRefund(db: Queryable, id: string, credits: number, messages: number): Promise<unknown> {
    return db.query(
      `UPDATE wallet.reservations SET refunded_credits = refunded_credits + $2, refunded_messages = refunded_messages + $3
         WHERE id = $1 AND refunded_credits + $2 <= credits AND refunded_messages + $3 <= messages RETURNING id`,
      [id, credits, messages],
    );
  }

  lock(
    db: Queryable,
    id: string,
  ): Promise<
    { id: string; debitedAccountId: string; credits: string; refundedCredits: string; settledCredits: string | null }[]
  > {
    return db.query(
      `SELECT id, debited_account_id AS "debitedAccountId", credits, refunded_credits AS "refundedCredits",
              settled_credits AS "settledCredits"
       FROM wallet.reservations WHERE id = $1 FOR UPDATE`,
      [id],
    );
  }
}
