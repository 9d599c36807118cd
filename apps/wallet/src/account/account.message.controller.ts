import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { ActorEnvelope, BalanceView, LedgerVerification, ListTransactionsCommand, WalletRpc } from '@sms/contracts';
import { LedgerVerifier } from '../ledger/ledger-verifier';
import { BalanceService } from './balance.service';
import { TransactionPage, TransactionsRepository } from './transactions.repository';

@Controller()
export class AccountMessageController {
  constructor(
    private readonly balances: BalanceService,
    private readonly transactionsRepo: TransactionsRepository,
    private readonly verifier: LedgerVerifier,
  ) {}

  @Handles(WalletRpc.getBalance)
  balance(@Payload() q: ActorEnvelope): Promise<BalanceView> {
    return this.balances.balance(q.actor);
  }

  @Handles(WalletRpc.listTransactions)
  transactions(@Payload() cmd: ListTransactionsCommand): Promise<TransactionPage> {
    return this.transactionsRepo.list(cmd.actor, cmd.query);
  }

  /** Operators and tests only: the gateway exposes no route to it. */
  @Handles(WalletRpc.verify)
  verify(): Promise<LedgerVerification> {
    return this.verifier.verify();
  }
}
