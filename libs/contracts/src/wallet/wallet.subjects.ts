import { defineSubjects } from '../common/subjects';

export const WalletSubjects = defineSubjects('wallet', {
  getBalance: 'balance.get.v1',
  listSubAccounts: 'subaccount.list.v1',
  createSubAccount: 'subaccount.create.v1',
  getSubAccount: 'subaccount.get.v1',
  updateSubAccount: 'subaccount.update.v1',
  creditSubAccount: 'subaccount.credit.v1',
  resetSubAccount: 'subaccount.reset.v1',
  deactivateSubAccount: 'subaccount.deactivate.v1',
  activateSubAccount: 'subaccount.activate.v1',
  listTransactions: 'transaction.list.v1',
  /** Messaging's interface: see reservation.payloads.ts. */
  reserve: 'reservation.reserve.v1',
  settle: 'reservation.settle.v1',
  /** SettleReservationsCommand → SettleReservationsResult: many settles, one transaction. */
  settleBatch: 'reservation.settle-batch.v1',
  refund: 'reservation.refund.v1',
  /** Ledger self-check (balances equal their entries, none negative): LedgerVerification. */
  verify: 'ledger.verify.v1',
});
