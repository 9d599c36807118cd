import { Inject, Injectable } from '@nestjs/common';
import {
  Actor,
  AdminDecision,
  AdminSenderListQuery,
  AdminSenderPage,
  AdminSenderView,
  BusinessRuleError,
  ConflictError,
  decodeKeysetCursor,
  encodeKeysetCursor,
  NotFoundError,
  SenderCodeSent,
  SenderEntryPage,
  SenderEntryView,
  senderKindOf,
  SenderListQuery,
} from '@sms/contracts';
import { DataSource } from 'typeorm';
import { IDENTITY_ENV, IdentityEnv } from '../identity-env';
import { AccountRepository } from '../users/account.repository';
import { SenderCodesService } from './sender-codes.service';
import { SenderPolicy } from './sender-policy';
import { KeysetAfter, publicView, SenderRepository } from './sender.repository';

const DEFAULT_LIMIT = 50;

export function senderNotApproved(sender: string): BusinessRuleError {
  return new BusinessRuleError(
    'sender-not-approved',
    `The sender "${sender}" is not approved for this account: add it with POST /account/senders, then verify ` +
      'it with the code sent to the number, or wait for an operator to approve the name.',
  );
}

function page<T extends { id: string; createdAt: string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > limit && last ? encodeKeysetCursor({ submittedAt: new Date(last.createdAt), id: last.id }) : null;
  return { items, nextCursor };
}

function after(cursor: string | undefined): KeysetAfter | null {
  if (!cursor) return null;
  const p = decodeKeysetCursor(cursor);
  return { createdAt: p.submittedAt, id: p.id };
}

/**
 * Who may send as whom. An account lists its senders; a number is usable once the code sent to it
 * comes back, a name once an operator approves it. The platform's shared number and the
 * development allow-list are usable by all; a sub-account may also use its parent's usable ones.
 */
@Injectable()
export class SendersService {
  private readonly policy: SenderPolicy;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly senders: SenderRepository,
    private readonly codes: SenderCodesService,
    private readonly accounts: AccountRepository,
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
  ) {
    this.policy = new SenderPolicy(env.SHARED_NUMBER, env.SENDER_ALLOW_LIST);
  }

  async list(actor: Actor, query: SenderListQuery): Promise<SenderEntryPage> {
    const accountId = await this.scope(actor, query.subAccountId);
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.senders.list(accountId, limit + 1, after(query.cursor));
    return page(rows.map(publicView), limit);
  }

  async add(actor: Actor, sender: string): Promise<SenderEntryView> {
    const kind = senderKindOf(sender);
    const { view, deliver } = await this.ds.transaction(async (em) => {
      // Serialised per account, so the count below holds for concurrent adds.
      await this.senders.lockList(actor.accountId, em);
      if ((await this.senders.count(actor.accountId, em)) >= this.env.SENDERS_PER_ACCOUNT_MAX) {
        throw new BusinessRuleError(
          'sender-limit-reached',
          `An account lists ${this.env.SENDERS_PER_ACCOUNT_MAX} senders at most; delete one first.`,
        );
      }
      const row = await this.senders.insert(
        actor.accountId,
        sender,
        kind,
        kind === 'numeric' ? 'unverified' : 'pending',
        em,
      );
      if (!row) throw new ConflictError('sender-exists', `"${sender}" is already on this account's list.`);
      const code = kind === 'numeric' ? await this.codes.issue(em, actor.accountId, row.id, sender) : null;
      return { view: publicView(row), deliver: code?.deliver };
    });
    deliver?.();
    return view;
  }

  async resendCode(actor: Actor, senderId: string): Promise<SenderCodeSent> {
    const row = await this.requireOwn(actor, senderId);
    if (row.kind !== 'numeric') {
      throw new BusinessRuleError('not-a-number', 'Only numeric senders are verified by a code; names are approved.');
    }
    if (row.status === 'verified') throw new BusinessRuleError('already-verified', 'This number is already verified.');
    const code = await this.ds.transaction((em) => this.codes.issue(em, actor.accountId, row.id, row.sender));
    code.deliver();
    return { id: row.id, expiresAt: code.expiresAt };
  }

  async verify(actor: Actor, senderId: string, code: string): Promise<SenderEntryView> {
    const row = await this.requireOwn(actor, senderId);
    if (row.kind !== 'numeric') {
      throw new BusinessRuleError('not-a-number', 'Only numeric senders are verified by a code; names are approved.');
    }
    if (row.status === 'verified') return publicView(row);
    await this.codes.check(actor.accountId, row.id, code);
    const verified = await this.senders.markVerified(actor.accountId, row.id, this.ds.manager);
    if (!verified) throw new NotFoundError('Sender');
    return publicView(verified);
  }

  async delete(actor: Actor, senderId: string): Promise<void> {
    const row = await this.requireOwn(actor, senderId);
    await this.ds.transaction(async (em) => {
      if (await this.accounts.isDefaultSender(actor.accountId, row.sender, em)) {
        throw new ConflictError(
          'sender-is-default',
          'This sender is the default sender: change it with PUT /account/sender first.',
        );
      }
      if (!(await this.senders.delete(actor.accountId, row.id, em))) throw new NotFoundError('Sender');
    });
  }

  /** The sender a send goes out with: the requested one, else the default chain; 422 if not usable. */
  async resolve(actor: Actor, requested: string | undefined): Promise<string> {
    const { own, parent, parentId } = await this.accounts.getSenders(actor.accountId);
    const sender = requested ?? own ?? parent;
    if (!sender) return this.env.SHARED_NUMBER;
    await this.assertUsable(actor.accountId, parentId, sender);
    return sender;
  }

  /** PUT /account/sender: a default must be usable now (null, the platform's, is always). */
  async assertUsableDefault(actor: Actor, sender: string): Promise<void> {
    const { parentId } = await this.accounts.getSenders(actor.accountId);
    await this.assertUsable(actor.accountId, parentId, sender);
  }

  async adminList(query: AdminSenderListQuery): Promise<AdminSenderPage> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const rows = await this.senders.listAllAccounts(query.status, limit + 1, after(query.cursor));
    return page(rows, limit);
  }

  async adminDecide(senderId: string, decision: AdminDecision, note: string | undefined): Promise<AdminSenderView> {
    const kind = await this.senders.kindOf(senderId);
    if (!kind) throw new NotFoundError('Sender');
    if (kind !== 'alphanumeric') {
      throw new ConflictError(
        'sender-not-alphanumeric',
        'Numbers are verified by their holder with a code, not approved by an operator.',
      );
    }
    const decided = await this.senders.decide(senderId, decision === 'approve' ? 'approved' : 'rejected', note ?? null);
    if (!decided) throw new NotFoundError('Sender');
    return decided;
  }

  private async assertUsable(accountId: string, parentId: string | null, sender: string): Promise<void> {
    if (this.policy.alwaysAllowed(sender)) return;
    const accounts = parentId ? [accountId, parentId] : [accountId];
    if (!(await this.senders.usableOn(accounts, sender))) throw senderNotApproved(sender);
  }

  private async requireOwn(actor: Actor, senderId: string) {
    const row = await this.senders.find(actor.accountId, senderId);
    if (!row) throw new NotFoundError('Sender');
    return row;
  }

  /** The actor's account, or for an owner one of its sub-accounts (404 for anything else). */
  private async scope(actor: Actor, subAccountId: string | undefined): Promise<string> {
    if (!subAccountId || subAccountId.toLowerCase() === actor.accountId.toLowerCase()) return actor.accountId;
    if (actor.role !== 'owner' || !(await this.accounts.isSubAccountOf(actor.accountId, subAccountId))) {
      throw new NotFoundError('Sub-account');
    }
    return subAccountId.toLowerCase();
  }
}
