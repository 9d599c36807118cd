import { Handles } from '@sms/nats';
import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CreateSubAccountCommand,
  CreditResult,
  CreditSubAccountCommand,
  ListSubAccountsCommand,
  ResetResult,
  ResetSubAccountCommand,
  SubAccountPage,
  SubAccountQuery,
  SubAccountView,
  UpdateSubAccountCommand,
  WalletRpc,
} from '@sms/contracts';
import { SubAccountCreditsService } from './sub-account-credits.service';
import { SubAccountLifecycleService } from './sub-account-lifecycle.service';
import { SubAccountListService } from './sub-account-list.service';

@Controller()
export class SubAccountMessageController {
  constructor(
    private readonly lifecycle: SubAccountLifecycleService,
    private readonly credits: SubAccountCreditsService,
    @Inject(SubAccountListService) private readonly lists: SubAccountListService,
  ) {}

  @Handles(WalletRpc.listSubAccounts)
  list(@Payload() cmd: ListSubAccountsCommand): Promise<SubAccountPage> {
    return this.lists.list(cmd);
  }

  @Handles(WalletRpc.createSubAccount)
  create(@Payload() cmd: CreateSubAccountCommand): Promise<SubAccountView> {
    return this.lifecycle.create(cmd);
  }

  @Handles(WalletRpc.getSubAccount)
  get(@Payload() q: SubAccountQuery): Promise<SubAccountView> {
    return this.lifecycle.get(q);
  }

  @Handles(WalletRpc.updateSubAccount)
  update(@Payload() cmd: UpdateSubAccountCommand): Promise<SubAccountView> {
    return this.lifecycle.update(cmd);
  }

  @Handles(WalletRpc.creditSubAccount)
  credit(@Payload() cmd: CreditSubAccountCommand): Promise<CreditResult> {
    return this.credits.credit(cmd);
  }

  @Handles(WalletRpc.resetSubAccount)
  reset(@Payload() cmd: ResetSubAccountCommand): Promise<ResetResult> {
    return this.credits.reset(cmd);
  }

  @Handles(WalletRpc.deactivateSubAccount)
  deactivate(@Payload() q: SubAccountQuery): Promise<SubAccountView> {
    return this.lifecycle.setActive(q, false);
  }

  @Handles(WalletRpc.activateSubAccount)
  activate(@Payload() q: SubAccountQuery): Promise<SubAccountView> {
    return this.lifecycle.setActive(q, true);
  }
}
