import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ConflictError,
  CreateManagerCommand,
  DeleteManagerCommand,
  DeleteManagerResult,
  ManagerResult,
  NotFoundError,
  RevokedSessionsList,
  SetManagerActiveCommand,
  UpdateManagerCommand,
} from '@sms/contracts';
import { EventPublisher } from '@sms/events';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher';
import { RefreshTokenRepository } from '../auth/refresh-token.repository';
import { SessionRevoker } from '../auth/session-revoker';
import { IDENTITY_ENV, IdentityEnv } from '../identity-env';
import { UserRepository } from '../users/user.repository';
import { ManagerContactEvents } from './manager-contact.events';
import { ApiKeyRepository } from '../api-keys/api-key.repository';
import { ManagerRepository } from './manager.repository';
import { SessionRevocationPublisher } from './session-revocation.publisher';

const idConflict = () =>
  new ConflictError('sub-account-id-conflict', 'This sub-account id is already used by another sub-account.');

/** Manager logins of sub-accounts, driven by the wallet's sub-account use cases. */
@Injectable()
export class ManagersService {
  private readonly logger = new Logger(ManagersService.name);

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
    private readonly managers: ManagerRepository,
    private readonly users: UserRepository,
    private readonly hasher: PasswordHasher,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly revocations: SessionRevocationPublisher,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    private readonly managerContact: ManagerContactEvents,
    private readonly apiKeys: ApiKeyRepository,
    private readonly sessions: SessionRevoker,
  ) {}

  /** Idempotent by sub-account id: a retry with the same manager returns the same user. */
  async create(cmd: CreateManagerCommand): Promise<ManagerResult> {
    const passwordHash = await this.hasher.hash(cmd.password);
    return this.ds.transaction(async (em) => {
      if (!(await this.managers.isOwnerAccount(em, cmd.parentAccountId))) throw new NotFoundError('Account');
      if (!(await this.managers.insertSubAccount(em, cmd.subAccountId, cmd.parentAccountId))) {
        const existing = await this.managers.find(em, cmd.subAccountId, cmd.parentAccountId);
        if (existing && existing.email.toLowerCase() === cmd.manager.email.toLowerCase()) return existing;
        throw idConflict();
      }
      const userId = await this.users.insert(
        { accountId: cmd.subAccountId, role: 'manager', passwordHash, ...cmd.manager },
        em,
      );
      this.logger.log({ msg: 'sub-account manager created', subAccountId: cmd.subAccountId, userId });
      return { userId, ...cmd.manager, active: true };
    });
  }

  async update(cmd: UpdateManagerCommand): Promise<ManagerResult> {
    return this.events.transaction(async (em, emit) => {
      const m = await this.require(cmd.subAccountId, cmd.parentAccountId, em);
      await this.managers.update(em, m.userId, cmd.subAccountId, cmd.manager);
      // The wallet wrote its copy already; the event keeps a late, older one from overwriting it.
      await this.managerContact.emitChanged(em, emit, cmd.subAccountId, m.userId);
      return (await this.managers.find(em, cmd.subAccountId, cmd.parentAccountId))!;
    });
  }

  /** Deactivating: no more logins, refresh tokens revoked, live access tokens refused by the gateways. */
  async setActive(cmd: SetManagerActiveCommand): Promise<ManagerResult> {
    const revoked: RevokedSessionsList = { sessions: [] };
    let boundKeys: string[] = [];
    const result = await this.ds.transaction(async (em) => {
      const m = await this.require(cmd.subAccountId, cmd.parentAccountId, em);
      await this.managers.setActive(em, m.userId, cmd.subAccountId, cmd.active);
      if (!cmd.active) {
        revoked.sessions = await this.sessions.record(em, { userId: m.userId });
        await this.refreshTokens.revokeAllForUser(m.userId, em);
      }
      boundKeys = await this.apiKeys.idsBoundTo(em, cmd.subAccountId, cmd.parentAccountId);
      return { ...m, active: cmd.active };
    });
    this.sessions.broadcast(revoked.sessions);
    // Gateways drop these keys (or their cached refusal) and ask again: a key whose manager is inactive is refused.
    this.revocations.publishApiKeysRevoked(boundKeys);
    this.logger.log({ msg: cmd.active ? 'manager activated' : 'manager deactivated', subAccountId: cmd.subAccountId });
    return result;
  }

  async delete(cmd: DeleteManagerCommand): Promise<DeleteManagerResult> {
    const deleted = await this.ds.transaction((em) => this.managers.delete(em, cmd.subAccountId, cmd.parentAccountId));
    if (deleted) this.logger.log({ msg: 'sub-account manager deleted (compensation)', subAccountId: cmd.subAccountId });
    return { deleted };
  }

  async revokedSessions(): Promise<RevokedSessionsList> {
    return { sessions: await this.managers.liveRevokedSessions(this.ds.manager) };
  }

  private async require(subAccountId: string, parentAccountId: string, em = this.ds.manager): Promise<ManagerResult> {
    const m = await this.managers.find(em, subAccountId, parentAccountId);
    if (!m) throw new NotFoundError('Sub-account');
    return m;
  }
}
