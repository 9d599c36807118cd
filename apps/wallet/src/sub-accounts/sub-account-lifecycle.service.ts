import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ConflictError,
  CreateManagerCommand,
  CreateSubAccountCommand,
  IdentityRpc,
  ManagerResult,
  RemoteProblemError,
  SetManagerActiveCommand,
  SubAccountQuery,
  SubAccountView,
  UpdateManagerCommand,
  UpdateSubAccountCommand,
  ValidationFailedError,
} from '@sms/contracts';
import { onceForKey } from '@sms/database';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { LedgerTx } from '../ledger/ledger-tx';
import { LedgerRepository } from '../ledger/ledger.repository';
import { uuidV5 } from '../ledger/uuid-v5';
import { InsufficientCreditsError } from '../ledger/wallet.errors';
import { RpcClient } from '@sms/nats';
import { ManagerSaga } from './manager-saga';
import { MessagingClient } from './messaging.client';
import { requireOwner, SubAccountCreditsService } from './sub-account-credits.service';
import { SubAccountRepository, toView } from './sub-account.repository';
import { SubAccountLifecycleRepository } from './sub-account-lifecycle.repository';

/** Creating, editing, deactivating and activating sub-accounts (with their manager login). */
@Injectable()
export class SubAccountLifecycleService {
  private readonly repo = new SubAccountLifecycleRepository();
  private readonly logger = new Logger(SubAccountLifecycleService.name);

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly tx: LedgerTx,
    private readonly ledger: LedgerRepository,
    private readonly subAccounts: SubAccountRepository,
    private readonly credits: SubAccountCreditsService,
    private readonly identity: RpcClient,
    private readonly saga: ManagerSaga,
    private readonly messaging: MessagingClient,
  ) {}

  /**
   * Saga: log 'started' → identity creates the login → one wallet transaction creates the
   * wallet, the sub-account, the initial credit and marks the saga 'done'. If that
   * transaction fails the login is deleted again (now, or by the sweeper).
   */
  async create(cmd: CreateSubAccountCommand): Promise<SubAccountView> {
    requireOwner(cmd.actor);
    const parentId = cmd.actor.accountId;
    const { body, idempotency } = cmd;
    const initial = body.credits ?? 0;
    if (body.unlimited && initial > 0) {
      throw new ValidationFailedError([
        { field: 'credits', message: 'credits must be omitted for an unlimited sub-account' },
      ]);
    }
    if (idempotency) {
      const replay = await this.storedResponse(parentId, idempotency.key, idempotency.requestHash);
      if (replay) return replay;
    }
    // Cheap early refusal: most short balances never reach identity. The real check is below.
    if (initial > 0 && (await this.balanceOf(parentId)) < initial) throw new InsufficientCreditsError();

    // With a key, every retry targets the same id, so identity's create is idempotent too.
    const subAccountId = idempotency ? uuidV5(`sub-account:${parentId}:${idempotency.key}`) : randomUUID();
    await this.saga.start(subAccountId, parentId);
    let manager: ManagerResult;
    try {
      const createCmd: CreateManagerCommand = {
        subAccountId,
        parentAccountId: parentId,
        manager: body.manager,
        password: body.password,
      };
      manager = await this.identity.send(IdentityRpc.createManager, createCmd);
    } catch (err) {
      // A refusal (e-mail taken…) created nothing; anything else may have: undo it.
      // An id conflict means another request owns this saga: leave it alone.
      if (err instanceof RemoteProblemError && err.problem.code === 'sub-account-id-conflict') throw err;
      if (err instanceof RemoteProblemError && err.problem.status < 500) await this.saga.abandon(subAccountId);
      else await this.saga.compensate(subAccountId);
      throw err;
    }
    try {
      return await this.tx.run((em) =>
        onceForKey(em, 'wallet', parentId, idempotency, async () => {
          if (!(await this.saga.complete(em, subAccountId))) {
            throw new ConflictError('sub-account-creation-aborted', 'The creation was interrupted; please try again.');
          }
          await this.ledger.ensureWallet(em, parentId);
          await this.repo.insertWallet(em, subAccountId);
          const row = { id: subAccountId, parentAccountId: parentId, name: body.name };
          await this.subAccounts.insert(em, {
            ...row,
            managerUserId: manager.userId,
            manager: { firstName: manager.firstName, lastName: manager.lastName, email: manager.email },
            unlimited: body.unlimited,
          });
          if (initial > 0) await this.credits.moveToSubAccount(em, row, initial, 'initial-credit');
          this.logger.log({ msg: 'sub-account created', parentAccountId: parentId, subAccountId });
          return toView(await this.subAccounts.get(em, parentId, subAccountId));
        }),
      );
    } catch (err) {
      await this.saga.compensate(subAccountId);
      throw err;
    }
  }

  async get(q: SubAccountQuery): Promise<SubAccountView> {
    requireOwner(q.actor);
    return toView(await this.subAccounts.get(this.ds.manager, q.actor.accountId, q.subAccountId));
  }

  /** Identity first (the e-mail must stay unique), then the wallet's copy and the unlimited switch. */
  async update(cmd: UpdateSubAccountCommand): Promise<SubAccountView> {
    requireOwner(cmd.actor);
    const parentId = cmd.actor.accountId;
    await this.subAccounts.get(this.ds.manager, parentId, cmd.subAccountId);
    const patch = cmd.body.manager;
    let manager: ManagerResult | undefined;
    if (patch && (patch.firstName !== undefined || patch.lastName !== undefined || patch.email !== undefined)) {
      const updateCmd: UpdateManagerCommand = {
        subAccountId: cmd.subAccountId,
        parentAccountId: parentId,
        manager: patch,
      };
      manager = await this.identity.send(IdentityRpc.updateManager, updateCmd);
    }
    return this.tx.run(async (em) => {
      const sub = await this.subAccounts.get(em, parentId, cmd.subAccountId, true);
      // Going unlimited: what it held goes back to the parent, as a reset would.
      if (cmd.body.unlimited === true && !sub.unlimited) await this.credits.resetInTx(em, sub);
      await this.subAccounts.update(em, parentId, sub.id, {
        name: cmd.body.name,
        unlimited: cmd.body.unlimited,
        manager: manager && { firstName: manager.firstName, lastName: manager.lastName, email: manager.email },
      });
      return toView(await this.subAccounts.get(em, parentId, sub.id));
    });
  }

  /**
   * Identity first: the manager can no longer log in and its sessions are revoked (the
   * gateways refuse its tokens); then the wallet refuses its reservations; then messaging
   * cancels its queued and scheduled messages (refunded) and refuses campaigns reserved
   * before. Every step is idempotent: if one fails the caller gets an error and a retry of
   * the same deactivation completes it.
   */
  async setActive(q: SubAccountQuery, active: boolean): Promise<SubAccountView> {
    requireOwner(q.actor);
    const parentId = q.actor.accountId;
    await this.subAccounts.get(this.ds.manager, parentId, q.subAccountId);
    const cmd: SetManagerActiveCommand = { subAccountId: q.subAccountId, parentAccountId: parentId, active };
    await this.identity.send(IdentityRpc.setManagerActive, cmd);
    const view = await this.tx.run(async (em) => {
      await this.subAccounts.update(em, parentId, q.subAccountId, { active });
      return toView(await this.subAccounts.get(em, parentId, q.subAccountId));
    });
    await this.messaging.setSendingActive({ accountId: q.subAccountId, active });
    return view;
  }

  private async storedResponse(
    accountId: string,
    key: string,
    requestHash: string,
  ): Promise<SubAccountView | undefined> {
    const rows: { requestHash: string; response: SubAccountView | null }[] = await this.repo.idempotencyKey(
      this.ds,
      accountId,
      key,
    );
    if (!rows[0]) return undefined;
    if (rows[0].requestHash !== requestHash) {
      throw new ConflictError(
        'idempotency-key-reused',
        'This Idempotency-Key was already used with a different request.',
      );
    }
    return rows[0].response ?? undefined;
  }

  private async balanceOf(accountId: string): Promise<number> {
    const rows: { balance: string }[] = await this.repo.balance(this.ds, accountId);
    return Number(rows[0]?.balance ?? 0);
  }
}
