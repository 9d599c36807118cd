import { Inject, Injectable } from '@nestjs/common';
import {
  Actor,
  BillingDetails,
  BillingDetailsView,
  ChangePasswordCommand,
  ContactDetails,
  ContactDetailsView,
  MeView,
  NotFoundError,
  SenderView,
  UnauthorizedError,
  ValidationFailedError,
} from '@sms/contracts';
import { EventPublisher } from '@sms/events';
import { DataSource } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher';
import { RefreshTokenRepository } from '../auth/refresh-token.repository';
import { SessionRevoker } from '../auth/session-revoker';
import { AccountRepository } from '../users/account.repository';
import { UserRecord } from '../users/user.record';
import { UserRepository } from '../users/user.repository';
import { IDENTITY_ENV, IdentityEnv } from '../identity-env';
import { ManagerContactEvents } from '../managers/manager-contact.events';
import { SendersService } from '../senders/senders.service';

/** "My account": who I am, billing and contact details, password, default sender. */
@Injectable()
export class ProfileService {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly users: UserRepository,
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly refreshTokens: RefreshTokenRepository,
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
    @Inject(EventPublisher) private readonly events: EventPublisher,
    private readonly managerContact: ManagerContactEvents,
    private readonly sessions: SessionRevoker,
    private readonly senders: SendersService,
  ) {}

  async me(actor: Actor): Promise<MeView> {
    const u = await this.requireUser(actor);
    const view: MeView = {
      userId: u.id,
      accountId: u.accountId,
      role: u.role,
      email: u.email,
      firstName: u.firstName,
      lastName: u.lastName,
    };
    if (u.parentAccountId) view.parentAccountId = u.parentAccountId;
    return view;
  }

  getBilling(actor: Actor): Promise<BillingDetailsView> {
    return this.accounts.getBilling(actor.accountId);
  }

  updateBilling(actor: Actor, billing: BillingDetails): Promise<BillingDetailsView> {
    return this.accounts.updateBilling(actor.accountId, billing);
  }

  async getContact(actor: Actor): Promise<ContactDetailsView> {
    const u = await this.requireUser(actor);
    return { firstName: u.firstName, lastName: u.lastName, email: u.email, phone: u.phone, language: u.language };
  }

  async updateContact(actor: Actor, c: ContactDetails): Promise<ContactDetailsView> {
    await this.events.transaction(async (em, emit) => {
      await this.users.updateContact(actor.accountId, actor.userId, c, em);
      if (c.language) await this.accounts.updateLanguage(actor.accountId, c.language, em);
      if (actor.role === 'manager') await this.managerContact.emitChanged(em, emit, actor.accountId, actor.userId);
    });
    return this.getContact(actor);
  }

  async changePassword(cmd: ChangePasswordCommand): Promise<void> {
    const u = await this.requireUser(cmd.actor);
    if (!(await this.hasher.verify(u.passwordHash, cmd.passwords.currentPassword))) {
      throw new UnauthorizedError('The current password is wrong.', 'invalid-credentials');
    }
    if (cmd.passwords.newPassword === cmd.passwords.currentPassword) {
      throw new ValidationFailedError([
        { field: 'newPassword', message: 'newPassword must differ from currentPassword' },
      ]);
    }
    const hash = await this.hasher.hash(cmd.passwords.newPassword);
    // Every other session ends, its live access tokens included; the caller's own stays.
    const revoked = await this.ds.transaction(async (em) => {
      await this.users.updatePasswordHash(u.accountId, u.id, hash, em);
      await this.refreshTokens.revokeOtherFamilies(u.id, cmd.sessionId, em);
      return this.sessions.record(em, { userId: u.id, exceptFamilyId: cmd.sessionId });
    });
    this.sessions.broadcast(revoked);
  }

  async getSender(actor: Actor): Promise<SenderView> {
    const { own, parent } = await this.accounts.getSenders(actor.accountId);
    const effectiveSender = own ?? parent ?? this.env.SHARED_NUMBER;
    // Handsets can answer only the shared number (an alphanumeric sender cannot be answered,
    // and replies to a customer's own number never reach the platform).
    return { defaultSender: own, repliesDisabled: effectiveSender !== this.env.SHARED_NUMBER, effectiveSender };
  }

  /** A default must be a sender this account may use now (422 sender-not-approved); null always may. */
  async updateSender(actor: Actor, sender: string | null): Promise<SenderView> {
    if (sender !== null) await this.senders.assertUsableDefault(actor, sender);
    await this.accounts.updateSender(actor.accountId, sender);
    return this.getSender(actor);
  }

  private async requireUser(actor: Actor): Promise<UserRecord> {
    const u = await this.users.findById(actor.accountId, actor.userId);
    if (!u) throw new NotFoundError('User');
    return u;
  }
}
