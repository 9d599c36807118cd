import { Inject, Injectable } from '@nestjs/common';
import { BalanceChangedData, WalletEvents } from '@sms/contracts';
import { EventPublisher } from '@sms/events';
import { EntityManager } from 'typeorm';
import { Book, causeOf, ClaimedTransfer, Side, TransferSpec } from './ledger.types';
import { TransferIdConflictError } from './wallet.errors';

export interface WalletMove {
  before: number;
  after: number;
}

const bookOf = (s: Side): Book | null => ('book' in s ? s.book : null);
const accountOf = (s: Side): string | null => ('account' in s ? s.account : null);

/**
 * The ledger's write primitives. Every method runs in the caller's transaction (`em`); a
 * use case composes them: claim the transfer id, lock wallets when two move, move each
 * wallet (entry + balance + outbox event in one statement).
 */
@Injectable()
export class LedgerRepository {
  constructor(@Inject(EventPublisher) private readonly events: EventPublisher) {}

  /** Creates a wallet at zero if the account has none yet. */
  async ensureWallet(em: EntityManager, accountId: string): Promise<void> {
    await em.query(`INSERT INTO wallet.wallets (account_id) VALUES ($1) ON CONFLICT DO NOTHING`, [accountId]);
  }

  /**
   * Inserts the transfer (and its book-side entries) unless its id exists. A concurrent
   * claim of the same id waits for the first transaction: after its commit this returns
   * `fresh: false`, after its rollback this claim goes ahead. Other content → 409.
   */
  async claim(em: EntityManager, t: TransferSpec): Promise<ClaimedTransfer> {
    const fromBook = bookOf(t.from);
    const toBook = bookOf(t.to);
    const rows: { createdAt: Date }[] = await em.query(
      `WITH t AS (
         INSERT INTO wallet.transfers (id, kind, from_account_id, from_book, to_account_id, to_book, credits,
           content_hash, owner_account_id, sub_account_id, reservation_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
         ON CONFLICT (id) DO NOTHING
         RETURNING id, created_at
       ), from_book AS (
         INSERT INTO wallet.entries (transfer_id, book, amount) SELECT id, $4, -$7::bigint FROM t WHERE $4::text IS NOT NULL
       ), to_book AS (
         INSERT INTO wallet.entries (transfer_id, book, amount) SELECT id, $6, $7::bigint FROM t WHERE $6::text IS NOT NULL
       )
       SELECT created_at AS "createdAt" FROM t`,
      [
        t.id,
        t.kind,
        accountOf(t.from),
        fromBook,
        accountOf(t.to),
        toBook,
        t.credits,
        t.contentHash,
        t.ownerAccountId ?? null,
        t.subAccountId ?? null,
        t.reservationId ?? null,
      ],
    );
    if (rows[0]) return { fresh: true, createdAt: rows[0].createdAt };
    const existing: { contentHash: string; kind: string; createdAt: Date }[] = await em.query(
      `SELECT content_hash AS "contentHash", kind, created_at AS "createdAt" FROM wallet.transfers WHERE id = $1`,
      [t.id],
    );
    if (existing[0]?.contentHash !== t.contentHash || existing[0].kind !== t.kind)
      throw new TransferIdConflictError(t.id);
    return { fresh: false, createdAt: existing[0].createdAt };
  }

  /** Locks wallets in account-id order, so two opposite transfers can never deadlock. */
  async lockWallets(em: EntityManager, accountIds: string[]): Promise<Map<string, number>> {
    const rows: { accountId: string; balance: string }[] = await em.query(
      `SELECT account_id AS "accountId", balance FROM wallet.wallets
       WHERE account_id = ANY($1::uuid[]) ORDER BY account_id FOR NO KEY UPDATE`,
      [accountIds],
    );
    return new Map(rows.map((r) => [r.accountId, Number(r.balance)]));
  }

  /**
   * Adds `delta` to one wallet with a single conditional UPDATE (a debit only applies when
   * the balance covers it), writes its entry and the balance-changed event to the outbox in
   * the same statement. Returns null when the balance was short (nothing written).
   */
  async moveWallet(em: EntityManager, t: TransferSpec, accountId: string, delta: number): Promise<WalletMove | null> {
    const cause = causeOf(t.kind);
    const data: BalanceChangedData = { accountId, transferId: t.id, kind: cause, cause, before: 0, after: 0 };
    const event = this.events.outboxRow(WalletEvents.balanceChanged, data, { accountId });
    const rows: { after: string }[] = await em.query(
      `WITH w AS (
         UPDATE wallet.wallets SET balance = balance + $2::bigint
         WHERE account_id = $1 AND balance >= $3::bigint
         RETURNING balance
       ), e AS (
         INSERT INTO wallet.entries (transfer_id, account_id, amount, balance_after)
         SELECT $4, $1, $2::bigint, balance FROM w
       ), o AS (
         INSERT INTO wallet.outbox (id, type, subject, payload, traceparent)
         SELECT $5, $6, $7, jsonb_set(jsonb_set($8::jsonb, '{data,after}', to_jsonb(w.balance)),
                                      '{data,before}', to_jsonb(w.balance - $2::bigint)), $9::text
         FROM w
       )
       SELECT balance AS after FROM w`,
      [
        accountId,
        delta,
        Math.max(0, -delta),
        t.id,
        event.id,
        event.type,
        event.subject,
        event.payload,
        event.traceparent,
      ],
    );
    if (!rows[0]) return null;
    const after = Number(rows[0].after);
    return { before: after - delta, after };
  }

  /** The balance a wallet had right after a transfer (to replay its first result). */
  async balanceAfter(em: EntityManager, transferId: string, accountId: string): Promise<number> {
    const rows: { balanceAfter: string }[] = await em.query(
      `SELECT balance_after AS "balanceAfter" FROM wallet.entries WHERE transfer_id = $1 AND account_id = $2`,
      [transferId, accountId],
    );
    return Number(rows[0]?.balanceAfter ?? 0);
  }
}
