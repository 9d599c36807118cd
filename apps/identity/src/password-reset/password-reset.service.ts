import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  ForbiddenError,
  NotificationsRpc,
  PasswordResetConfirmBody,
  PasswordResetEmailCommand,
  PasswordResetRequestBody,
  RevokedSessionsList,
  SetManagerPasswordCommand,
  ValidationFailedError,
  NotFoundError,
} from '@sms/contracts';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { PasswordHasher } from '../auth/password-hasher';
import { RefreshTokenRepository } from '../auth/refresh-token.repository';
import { IDENTITY_ENV, IdentityEnv } from '../identity-env';
import { ManagerRepository } from '../managers/manager.repository';
import { SessionRevoker } from '../auth/session-revoker';
import { SessionRevocationPublisher } from '../managers/session-revocation.publisher';
import { UserRepository } from '../users/user.repository';
import { RpcClient } from '@sms/nats';
import { PasswordResetRepository } from './password-reset.repository';

/** Sending mail waits on SMTP: longer than an ordinary request, and nobody waits on it. */
const MAIL_TIMEOUT_MS = 20_000;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const invalidToken = () =>
  new ValidationFailedError(
    [{ field: 'token', message: 'token is unknown, expired or already used' }],
    'This password-reset link is not valid any more; ask for a new one.',
  );

/**
 * Forgotten password: a single-use token (only its SHA-256 is stored) mailed by notifications;
 * confirming it sets the password and revokes every session of the user. The owner can also
 * set a manager's password. Either way the user's live sessions end everywhere.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger(PasswordResetService.name);

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
    private readonly users: UserRepository,
    private readonly resets: PasswordResetRepository,
    private readonly managers: ManagerRepository,
    private readonly hasher: PasswordHasher,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly revocations: SessionRevocationPublisher,
    private readonly sessions: SessionRevoker,
    private readonly notifications: RpcClient,
  ) {}

  /** Answers the same way for any address; a mail goes only to a known, active login under its hourly limit. */
  async request(body: PasswordResetRequestBody): Promise<void> {
    const user = await this.users.findByEmail(body.email);
    if (!user?.active) return;
    const token = randomBytes(32).toString('base64url');
    const issued = await this.ds.transaction(async (em) => {
      // Serialises requests for one user, so the hourly limit holds under concurrency.
      await this.resets.lockUser(em, user.id);
      if ((await this.resets.countRecent(em, user.id, 3600)) >= this.env.PASSWORD_RESET_MAX_PER_HOUR) return null;
      return this.resets.insert(em, user.id, hashToken(token), this.env.PASSWORD_RESET_TTL_SECONDS);
    });
    if (!issued) {
      this.logger.warn({ msg: 'password reset not sent: hourly limit for this login', userId: user.id });
      return;
    }
    const mail: PasswordResetEmailCommand = {
      resetId: issued.id,
      to: user.email,
      firstName: user.firstName,
      language: user.language,
      token,
      expiresAt: new Date(issued.expiresAt).toISOString(),
    };
    // Not awaited: the answer must not take longer for a known address than for an unknown one.
    void this.notifications
      .send(NotificationsRpc.sendPasswordResetEmail, mail, MAIL_TIMEOUT_MS)
      .then(() => this.logger.log({ msg: 'password reset mailed', userId: user.id, resetId: issued.id }))
      .catch((err: unknown) =>
        this.logger.warn({
          msg: 'password reset mail failed; the user can ask again',
          resetId: issued.id,
          error: String(err),
        }),
      );
  }

  async confirm(body: PasswordResetConfirmBody): Promise<void> {
    const hash = await this.hasher.hash(body.newPassword);
    const revoked: RevokedSessionsList = { sessions: [] };
    await this.ds.transaction(async (em) => {
      const owner = await this.resets.consume(em, hashToken(body.token));
      if (!owner) throw invalidToken();
      await this.users.updatePasswordHash(owner.accountId, owner.userId, hash, em);
      await this.resets.voidOthers(em, owner.userId);
      revoked.sessions = await this.endSessions(em, owner.userId);
    });
    this.revocations.publish(revoked);
  }

  /** The owner sets its sub-account manager's password; another owner's sub-account is not found. */
  async setManagerPassword(cmd: SetManagerPasswordCommand): Promise<void> {
    if (cmd.actor.role !== 'owner') throw new ForbiddenError('Only the account owner can set a manager password.');
    const hash = await this.hasher.hash(cmd.body.newPassword);
    const revoked: RevokedSessionsList = { sessions: [] };
    await this.ds.transaction(async (em) => {
      const m = await this.managers.find(em, cmd.subAccountId, cmd.actor.accountId);
      if (!m) throw new NotFoundError('Sub-account');
      await this.users.updatePasswordHash(cmd.subAccountId, m.userId, hash, em);
      await this.resets.voidOthers(em, m.userId);
      revoked.sessions = await this.endSessions(em, m.userId);
    });
    this.revocations.publish(revoked);
  }

  /** Refresh tokens revoked; sessions whose access tokens may be alive recorded for the gateways. */
  private async endSessions(em: EntityManager, userId: string) {
    const sessions = await this.sessions.record(em, { userId });
    await this.refreshTokens.revokeAllForUser(userId, em);
    return sessions;
  }
}
