import { Inject, Injectable } from '@nestjs/common';
import { Actor, BalanceView, NotFoundError } from '@sms/contracts';
import { DataSource } from 'typeorm';

/** "My balance", for an owner or a sub-account manager. */
@Injectable()
export class BalanceService {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async balance(actor: Actor): Promise<BalanceView> {
    if (!actor.parentAccountId) {
      // An owner without a wallet yet simply has nothing.
      const rows: { balance: string }[] = await this.ds.query(
        `SELECT balance FROM wallet.wallets WHERE account_id = $1`,
        [actor.accountId],
      );
      return { credits: Number(rows[0]?.balance ?? 0), unlimited: false };
    }
    const rows: { unlimited: boolean; own: string; parent: string }[] = await this.ds.query(
      `SELECT s.unlimited, w.balance AS own, p.balance AS parent
       FROM wallet.sub_accounts s
       JOIN wallet.wallets w ON w.account_id = s.id
       JOIN wallet.wallets p ON p.account_id = s.parent_account_id
       WHERE s.id = $1 AND s.parent_account_id = $2`,
      [actor.accountId, actor.parentAccountId],
    );
    if (!rows[0]) throw new NotFoundError('Account');
    const r = rows[0];
    return { credits: Number(r.unlimited ? r.parent : r.own), unlimited: r.unlimited };
  }
}
