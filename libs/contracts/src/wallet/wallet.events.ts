import { IsIn, IsInt, IsString, IsUUID } from 'class-validator';
import { event } from '../common/event';

export const BALANCE_CHANGE_CAUSES = ['purchase', 'reserve', 'refund', 'credit', 'reset', 'initial-credit'] as const;
export type BalanceChangeCause = (typeof BALANCE_CHANGE_CAUSES)[number];

/** Emitted once per wallet touched by a committed transfer. */
export class BalanceChangedEvent {
  /** The account whose own wallet changed (an unlimited sub-account has none). */
  @IsUUID() accountId: string;
  @IsString() transferId: string;
  @IsIn(BALANCE_CHANGE_CAUSES) kind: BalanceChangeCause;
  /** Same as `kind`: the name the event shape uses. */
  @IsIn(BALANCE_CHANGE_CAUSES) cause: BalanceChangeCause;
  @IsInt() before: number;
  @IsInt() after: number;
}
export type BalanceChangedData = BalanceChangedEvent;

/** Events the wallet publishes on JetStream (through its outbox). */
export const WalletEvents = {
  balanceChanged: event('wallet', 'balance.changed.v1', BalanceChangedEvent),
};
