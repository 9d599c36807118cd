import { BalanceChangeCause } from '@sms/contracts';
import { createHash } from 'node:crypto';

/** The system's own books: where credits come from and go to outside the wallets. */
export type Book = 'purchases' | 'reservations' | 'consumed';

export type TransferKind = 'purchase' | 'credit' | 'initial-credit' | 'reset' | 'reserve' | 'settle' | 'refund';

/** One side of a transfer: a wallet (by account id) or a book. */
export type Side = { account: string } | { book: Book };

export interface TransferSpec {
  /** Unique; doubles as the idempotency key of the operation. */
  id: string;
  kind: TransferKind;
  from: Side;
  to: Side;
  credits: number;
  /** Hash of what the caller asked for: the same id with another hash is a conflict. */
  contentHash: string;
  /** For the transactions list: the owner account and the sub-account of a credit or reset. */
  ownerAccountId?: string;
  subAccountId?: string;
  reservationId?: string;
}

export interface ClaimedTransfer {
  fresh: boolean;
  createdAt: Date;
}

/** Stable hash of the parts of a request that define it. */
export function contentHash(...parts: (string | number | null | undefined)[]): string {
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

/** Balance-changed cause of a transfer kind touching a wallet. */
export function causeOf(kind: TransferKind): BalanceChangeCause {
  if (kind === 'settle') throw new Error('a settlement touches no wallet');
  return kind;
}
