/** Event types the wallet publishes on JetStream (through its outbox). */
export const WalletEvents = {
  balanceChanged: 'wallet.balance.changed.v1',
} as const;

/** Emitted once per wallet touched by a committed transfer. */
export interface BalanceChangedData {
  /** The account whose own wallet changed (an unlimited sub-account has none). */
  accountId: string;
  transferId: string;
  kind: 'purchase' | 'reserve' | 'refund' | 'credit' | 'reset' | 'initial-credit';
  before: number;
  after: number;
}
