import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ActorEnvelope,
  BalanceView,
  LedgerVerification,
  ListTransactionsCommand,
  WalletSubjects,
} from '@sms/contracts';
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

  @MessagePattern(WalletSubjects.getBalance)
  balance(@Payload() q: ActorEnvelope): Promise<BalanceView> {
    return this.balances.balance(q.actor);
  }

  @MessagePattern(WalletSubjects.listTransactions)
  transactions(@Payload() cmd: ListTransactionsCommand): Promise<TransactionPage> {
    return this.transactionsRepo.list(cmd.actor, cmd.query);
  }

  /** Operators and tests only: the gateway exposes no route to it. */
  @MessagePattern(WalletSubjects.verify)
  verify(): Promise<LedgerVerification> {
    return this.verifier.verify();
  }
}
