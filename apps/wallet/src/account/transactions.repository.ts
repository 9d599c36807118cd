import { Inject, Injectable } from '@nestjs/common';
import {
  Actor,
  DEFAULT_TIME_ZONE,
  NotFoundError,
  startOfDay,
  startOfNextDay,
  TransactionsQuery,
  TransactionView,
  ValidationFailedError,
} from '@sms/contracts';
import { DataSource } from 'typeorm';

export interface TransactionPage {
  items: TransactionView[];
  nextCursor: string | null;
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

/** `from` as given, or a day's first instant; `to` as given, or the next day's first instant (days in `tz`). */
function bound(value: string | undefined, edge: 'from' | 'to', tz: string): Date | null {
  if (!value) return null;
  if (!DATE_ONLY.test(value)) return new Date(value);
  return edge === 'from' ? startOfDay(value, tz) : startOfNextDay(value, tz);
}

function decodeCursor(cursor: string | undefined): number | null {
  if (!cursor) return null;
  const n = Number(Buffer.from(cursor, 'base64url').toString());
  if (!Number.isSafeInteger(n) || n <= 0)
    throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not valid' }]);
  return n;
}

/**
 * Credits and resets between an owner and its sub-accounts, newest first, keyset-paginated
 * on the transfer sequence. A manager sees those of its own sub-account only.
 */
@Injectable()
export class TransactionsRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async list(actor: Actor, q: TransactionsQuery): Promise<TransactionPage> {
    const limit = q.limit ?? 50;
    const after = decodeCursor(q.cursor);
    const tz = q.timeZone ?? DEFAULT_TIME_ZONE;
    const from = bound(q.from, 'from', tz);
    const to = bound(q.to, 'to', tz);
    const toOp = q.to && DATE_ONLY.test(q.to) ? '<' : '<=';
    if (from && to && (toOp === '<' ? from >= to : from > to)) {
      throw new ValidationFailedError([{ field: 'to', message: 'to must not be before from' }]);
    }
    let ownerId: string;
    let subId: string | null = q.subAccountId ?? null;
    if (actor.parentAccountId) {
      if (subId && subId !== actor.accountId) throw new NotFoundError('Sub-account');
      ownerId = actor.parentAccountId;
      subId = actor.accountId;
    } else {
      ownerId = actor.accountId;
      if (subId) {
        const own: unknown[] = await this.ds.query(
          `SELECT 1 FROM wallet.sub_accounts WHERE id = $1 AND parent_account_id = $2`,
          [subId, ownerId],
        );
        if (own.length === 0) throw new NotFoundError('Sub-account');
      }
    }
    const rows: {
      id: string;
      seq: string;
      createdAt: Date;
      kind: string;
      credits: string;
      subId: string;
      subName: string;
    }[] = await this.ds.query(
      `SELECT t.id, t.seq, t.created_at AS "createdAt", t.kind, t.credits, s.id AS "subId", s.name AS "subName"
         FROM wallet.transfers t JOIN wallet.sub_accounts s ON s.id = t.sub_account_id
         WHERE t.owner_account_id = $1 AND t.kind IN ('credit','initial-credit','reset')
           AND ($2::uuid IS NULL OR t.sub_account_id = $2)
           AND ($3::timestamptz IS NULL OR t.created_at >= $3)
           AND ($4::timestamptz IS NULL OR t.created_at ${toOp} $4)
           AND ($5::bigint IS NULL OR t.seq < $5)
         ORDER BY t.seq DESC LIMIT $6`,
      [ownerId, subId, from, to, after, limit + 1],
    );
    const page = rows.slice(0, limit);
    return {
      items: page.map((r) => ({
        id: r.id,
        createdAt: new Date(r.createdAt).toISOString(),
        kind: r.kind === 'reset' ? 'reset' : 'credit',
        credits: Number(r.credits),
        subAccount: { id: r.subId, name: r.subName },
      })),
      nextCursor: rows.length > limit ? Buffer.from(page[page.length - 1].seq).toString('base64url') : null,
    };
  }
}
