import { Inject, Injectable } from '@nestjs/common';
import { Actor, BalanceView, NotFoundError } from '@sms/contracts';
import { DataSource } from 'typeorm';
import { BalanceRepository } from './balance.repository';

/** "My balance", for an owner or a sub-account manager. */
@Injectable()
export class BalanceService {
  private readonly repo = new BalanceRepository();
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async balance(actor: Actor): Promise<BalanceView> {
    if (!actor.parentAccountId) {
      // An owner without a wallet yet simply has nothing.
      const rows: { balance: string }[] = await this.repo.walletBalance(this.ds, actor.accountId);
      return { credits: Number(rows[0]?.balance ?? 0), unlimited: false };
    }
    const rows: { unlimited: boolean; own: string; parent: string }[] = await this.repo.subAccountBalances(
      this.ds,
      actor.accountId,
      actor.parentAccountId,
    );
    if (!rows[0]) throw new NotFoundError('Account');
    const r = rows[0];
    return { credits: Number(r.unlimited ? r.parent : r.own), unlimited: r.unlimited };
  }
}
