import { Inject, Injectable } from '@nestjs/common';
import {
  Actor,
  BalanceAlertSettings,
  BalanceAlertView,
  BalanceView,
  BusinessRuleError,
  WalletRpc,
} from '@sms/contracts';
import { RpcClient } from '@sms/nats';
import { BalanceAlertRepository, toView } from './balance-alert.repository';

/** GET/PUT /account/balance-alert: each account (owner or limited sub-account) watches its own balance. */
@Injectable()
export class BalanceAlertService {
  constructor(
    @Inject(BalanceAlertRepository) private readonly repo: BalanceAlertRepository,
    @Inject(RpcClient) private readonly rpc: RpcClient,
  ) {}

  async get(actor: Actor): Promise<BalanceAlertView> {
    // Only a sub-account can be unlimited; an owner needs no wallet round trip to read its setting.
    if (actor.parentAccountId) await this.balanceOf(actor);
    return toView(await this.repo.find(actor.accountId));
  }

  async update(actor: Actor, settings: BalanceAlertSettings): Promise<BalanceAlertView> {
    // Stamped before asking the wallet: a crossing stamped after it cannot be in the balance read.
    const savedAt = new Date();
    const balance = await this.balanceOf(actor);
    return toView(await this.repo.save(actor.accountId, settings, balance.credits, savedAt));
  }

  private async balanceOf(actor: Actor): Promise<BalanceView> {
    const balance = await this.rpc.send(WalletRpc.getBalance, { actor });
    if (balance.unlimited) {
      throw new BusinessRuleError(
        'unlimited-sub-account',
        'This is an unlimited sub-account: it has no balance of its own and spends the credits of its parent ' +
          'account, so it cannot have a balance alert. The owner of the parent account can set the alert on the ' +
          'parent account (GET/PUT /account/balance-alert with the owner’s login), or make this sub-account limited ' +
          'and credit it, after which it can watch its own balance.',
      );
    }
    return balance;
  }
}
