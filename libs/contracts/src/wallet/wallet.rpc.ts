import { ActorEnvelope } from '../common/actor';
import { NoPayload, rpc, type } from '../common/rpc';
import { BalanceView, LedgerVerification } from './balance.payloads';
import { ListSubAccountsCommand, ListTransactionsCommand } from './list.payloads';
import {
  RefundReservationCommand,
  RefundReservationsCommand,
  RefundReservationsResult,
  RefundResult,
  ReservationResult,
  ReserveCreditsCommand,
  SettleReservationCommand,
  SettleReservationsCommand,
  SettleReservationsResult,
  SettleResult,
} from './reservation.payloads';
import {
  CreateSubAccountCommand,
  CreditResult,
  CreditSubAccountCommand,
  ResetResult,
  ResetSubAccountCommand,
  SubAccountPage,
  SubAccountQuery,
  SubAccountView,
  TransactionView,
  UpdateSubAccountCommand,
} from './sub-account.payloads';

export interface TransactionPage {
  items: TransactionView[];
  nextCursor: string | null;
}

/** Request/reply operations of the wallet service. */
export const WalletRpc = {
  getBalance: rpc('wallet', 'balance.get.v1', ActorEnvelope, type<BalanceView>()),
  listSubAccounts: rpc('wallet', 'subaccount.list.v1', ListSubAccountsCommand, type<SubAccountPage>()),
  createSubAccount: rpc('wallet', 'subaccount.create.v1', CreateSubAccountCommand, type<SubAccountView>()),
  getSubAccount: rpc('wallet', 'subaccount.get.v1', SubAccountQuery, type<SubAccountView>()),
  updateSubAccount: rpc('wallet', 'subaccount.update.v1', UpdateSubAccountCommand, type<SubAccountView>()),
  creditSubAccount: rpc('wallet', 'subaccount.credit.v1', CreditSubAccountCommand, type<CreditResult>()),
  resetSubAccount: rpc('wallet', 'subaccount.reset.v1', ResetSubAccountCommand, type<ResetResult>()),
  deactivateSubAccount: rpc('wallet', 'subaccount.deactivate.v1', SubAccountQuery, type<SubAccountView>()),
  activateSubAccount: rpc('wallet', 'subaccount.activate.v1', SubAccountQuery, type<SubAccountView>()),
  listTransactions: rpc('wallet', 'transaction.list.v1', ListTransactionsCommand, type<TransactionPage>()),
  /** Messaging's interface: see reservation.payloads.ts. */
  reserve: rpc('wallet', 'reservation.reserve.v1', ReserveCreditsCommand, type<ReservationResult>()),
  settle: rpc('wallet', 'reservation.settle.v1', SettleReservationCommand, type<SettleResult>()),
  /** Many settles in one wallet transaction (messaging's settlement per tick; ≤ SETTLE_BATCH_MAX ids). */
  settleBatch: rpc(
    'wallet',
    'reservation.settle-batch.v1',
    SettleReservationsCommand,
    type<SettleReservationsResult>(),
  ),
  refund: rpc('wallet', 'reservation.refund.v1', RefundReservationCommand, type<RefundResult>()),
  /** Many refunds in one wallet transaction (messaging's refunds per tick; ≤ REFUND_BATCH_MAX). */
  refundBatch: rpc(
    'wallet',
    'reservation.refund-batch.v1',
    RefundReservationsCommand,
    type<RefundReservationsResult>(),
  ),
  /** Ledger self-check (balances equal their entries, none negative); operators and tests only. */
  verify: rpc('wallet', 'ledger.verify.v1', NoPayload, type<LedgerVerification>()),
};
