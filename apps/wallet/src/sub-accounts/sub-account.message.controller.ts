import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
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
  WalletSubjects,
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

  @MessagePattern(WalletSubjects.listSubAccounts)
  list(@Payload() cmd: ListSubAccountsCommand): Promise<SubAccountPage> {
    return this.lists.list(cmd);
  }

  @MessagePattern(WalletSubjects.createSubAccount)
  create(@Payload() cmd: CreateSubAccountCommand): Promise<SubAccountView> {
    return this.lifecycle.create(cmd);
  }

  @MessagePattern(WalletSubjects.getSubAccount)
  get(@Payload() q: SubAccountQuery): Promise<SubAccountView> {
    return this.lifecycle.get(q);
  }

  @MessagePattern(WalletSubjects.updateSubAccount)
  update(@Payload() cmd: UpdateSubAccountCommand): Promise<SubAccountView> {
    return this.lifecycle.update(cmd);
  }

  @MessagePattern(WalletSubjects.creditSubAccount)
  credit(@Payload() cmd: CreditSubAccountCommand): Promise<CreditResult> {
    return this.credits.credit(cmd);
  }

  @MessagePattern(WalletSubjects.resetSubAccount)
  reset(@Payload() cmd: ResetSubAccountCommand): Promise<ResetResult> {
    return this.credits.reset(cmd);
  }

  @MessagePattern(WalletSubjects.deactivateSubAccount)
  deactivate(@Payload() q: SubAccountQuery): Promise<SubAccountView> {
    return this.lifecycle.setActive(q, false);
  }

  @MessagePattern(WalletSubjects.activateSubAccount)
  activate(@Payload() q: SubAccountQuery): Promise<SubAccountView> {
    return this.lifecycle.setActive(q, true);
  }
}
