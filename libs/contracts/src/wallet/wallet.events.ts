/** Event types the wallet publishes on JetStream (through its outbox). */
export const WalletEvents = {
  balanceChanged: 'wallet.balance.changed.v1',
} as const;

export type BalanceChangeCause = 'purchase' | 'reserve' | 'refund' | 'credit' | 'reset' | 'initial-credit';

/** Emitted once per wallet touched by a committed transfer. */
export interface BalanceChangedData {
  /** The account whose own wallet changed (an unlimited sub-account has none). */
  accountId: string;
  transferId: string;
  kind: BalanceChangeCause;
  /** Same as `kind`: the name the event shape uses. */
  cause: BalanceChangeCause;
  before: number;
  after: number;
}
