import { Injectable } from '@nestjs/common';
import {
  Actor,
  CreditResult,
  CreditSubAccountCommand,
  ResetResult,
  ResetSubAccountCommand,
  TransactionView,
} from '@sms/contracts';
import { onceForKey } from '@sms/database';
import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { LedgerTx } from '../ledger/ledger-tx';
import { LedgerRepository } from '../ledger/ledger.repository';
import { contentHash, TransferSpec } from '../ledger/ledger.types';
import { InsufficientCreditsError, OwnerOnlyError, SubAccountUnlimitedError } from '../ledger/wallet.errors';
import { SubAccountRepository, SubAccountRow } from './sub-account.repository';

export function requireOwner(actor: Actor): void {
  if (actor.role !== 'owner' || actor.parentAccountId) throw new OwnerOnlyError();
}

/** Credits moving between an owner's wallet and its sub-accounts' wallets. */
@Injectable()
export class SubAccountCreditsService {
  constructor(
    private readonly tx: LedgerTx,
    private readonly ledger: LedgerRepository,
    private readonly subAccounts: SubAccountRepository,
  ) {}

  credit(cmd: CreditSubAccountCommand): Promise<CreditResult> {
    requireOwner(cmd.actor);
    const parentId = cmd.actor.accountId;
    return this.tx.run((em) =>
      onceForKey(em, 'wallet', parentId, cmd.idempotency, async () => {
        const sub = await this.subAccounts.get(em, parentId, cmd.subAccountId, true);
        if (sub.unlimited) throw new SubAccountUnlimitedError();
        const { transaction, parentAfter, subAfter } = await this.moveToSubAccount(em, sub, cmd.body.credits, 'credit');
        return { transaction, parentCredits: parentAfter, subAccountCredits: subAfter };
      }),
    );
  }

  reset(cmd: ResetSubAccountCommand): Promise<ResetResult> {
    requireOwner(cmd.actor);
    const parentId = cmd.actor.accountId;
    return this.tx.run((em) =>
      onceForKey(em, 'wallet', parentId, cmd.idempotency, async () => {
        const sub = await this.subAccounts.get(em, parentId, cmd.subAccountId, true);
        return { transaction: await this.resetInTx(em, sub) };
      }),
    );
  }

  /**
   * Parent → sub-account (credit, initial credit). Both wallets are locked in id order;
   * the parent's debit is the conditional UPDATE that refuses to go below zero.
   */
  async moveToSubAccount(
    em: EntityManager,
    sub: Pick<SubAccountRow, 'id' | 'name' | 'parentAccountId'>,
    credits: number,
    kind: 'credit' | 'initial-credit',
  ): Promise<{ transaction: TransactionView; parentAfter: number; subAfter: number }> {
    await this.ledger.ensureWallet(em, sub.parentAccountId);
    const t: TransferSpec = {
      id: randomUUID(),
      kind,
      from: { account: sub.parentAccountId },
      to: { account: sub.id },
      credits,
      contentHash: contentHash(kind, sub.parentAccountId, sub.id, credits),
      ownerAccountId: sub.parentAccountId,
      subAccountId: sub.id,
    };
    await this.ledger.lockWallets(em, [sub.parentAccountId, sub.id]);
    const { createdAt } = await this.ledger.claim(em, t);
    const parent = await this.ledger.moveWallet(em, t, sub.parentAccountId, -credits);
    if (!parent) throw new InsufficientCreditsError('The account’s balance does not hold enough credits.');
    const child = await this.ledger.moveWallet(em, t, sub.id, credits);
    if (!child) throw new Error(`wallet of sub-account ${sub.id} is missing`);
    return { transaction: transactionView(t, createdAt, sub), parentAfter: parent.after, subAfter: child.after };
  }

  /** Sub-account → parent, all of it; null when it held nothing. */
  async resetInTx(
    em: EntityManager,
    sub: Pick<SubAccountRow, 'id' | 'name' | 'parentAccountId'>,
  ): Promise<TransactionView | null> {
    const balances = await this.ledger.lockWallets(em, [sub.parentAccountId, sub.id]);
    const held = balances.get(sub.id) ?? 0;
    if (held === 0) return null;
    const t: TransferSpec = {
      id: randomUUID(),
      kind: 'reset',
      from: { account: sub.id },
      to: { account: sub.parentAccountId },
      credits: held,
      contentHash: contentHash('reset', sub.id, held),
      ownerAccountId: sub.parentAccountId,
      subAccountId: sub.id,
    };
    const { createdAt } = await this.ledger.claim(em, t);
    if (!(await this.ledger.moveWallet(em, t, sub.id, -held))) throw new Error('locked balance changed under a reset');
    if (!(await this.ledger.moveWallet(em, t, sub.parentAccountId, held))) throw new Error('parent wallet missing');
    return transactionView(t, createdAt, sub);
  }
}

function transactionView(t: TransferSpec, createdAt: Date, sub: Pick<SubAccountRow, 'id' | 'name'>): TransactionView {
  return {
    id: t.id,
    createdAt: new Date(createdAt).toISOString(),
    kind: t.kind === 'reset' ? 'reset' : 'credit',
    credits: t.credits,
    subAccount: { id: sub.id, name: sub.name },
  };
}
