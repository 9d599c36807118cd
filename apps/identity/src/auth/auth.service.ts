import { Inject, Injectable, Logger } from '@nestjs/common';
import {
  LoginBody,
  LogoutCommand,
  RevokedSession,
  SignupBody,
  SignupResult,
  TokenPair,
  UnauthorizedError,
} from '@sms/contracts';
import { DataSource } from 'typeorm';
import { AccountRepository } from '../users/account.repository';
import { UserRepository } from '../users/user.repository';
import { PasswordHasher } from './password-hasher';
import { RefreshTokenRepository } from './refresh-token.repository';
import { SessionRevoker } from './session-revoker';
import { TokenIssuer } from './token-issuer';

const badCredentials = () => new UnauthorizedError('E-mail or password is wrong.', 'invalid-credentials');

/** Signup, login, refresh-token rotation with reuse detection, logout. */
@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly users: UserRepository,
    private readonly accounts: AccountRepository,
    private readonly hasher: PasswordHasher,
    private readonly refreshTokens: RefreshTokenRepository,
    private readonly tokens: TokenIssuer,
    private readonly sessions: SessionRevoker,
  ) {}

  async signup(body: SignupBody): Promise<SignupResult> {
    const passwordHash = await this.hasher.hash(body.password);
    return this.ds.transaction(async (em) => {
      const accountId = await this.accounts.insertOwnerAccount(body.company ?? null, em);
      const userId = await this.users.insert(
        {
          accountId,
          role: 'owner',
          email: body.email,
          firstName: body.firstName,
          lastName: body.lastName,
          passwordHash,
        },
        em,
      );
      this.logger.log({ msg: 'account signed up', accountId, userId });
      return { accountId, userId };
    });
  }

  async login(body: LoginBody): Promise<TokenPair> {
    const user = await this.users.findByEmail(body.email);
    if (!user) {
      await this.hasher.verifyNothing(body.password);
      throw badCredentials();
    }
    if (!(await this.hasher.verify(user.passwordHash, body.password))) throw badCredentials();
    if (!user.active) throw new UnauthorizedError('This login is deactivated.', 'user-deactivated');
    return this.tokens.issue(user);
  }

  async refresh(refreshToken: string): Promise<TokenPair> {
    type Outcome = { tokens: TokenPair } | { error: 'invalid' | 'reused' | 'expired' };
    let revoked: RevokedSession[] = [];
    const outcome = await this.ds.transaction(async (em): Promise<Outcome> => {
      const row = await this.refreshTokens.findForUpdate(refreshToken, em);
      if (!row) return { error: 'invalid' };
      if (row.usedAt || row.revokedAt) {
        // A rotated token came back: someone holds a copy. End the whole session for both.
        await this.refreshTokens.revokeFamily(row.familyId, em);
        revoked = await this.sessions.record(em, { familyIds: [row.familyId] });
        this.logger.warn({ msg: 'refresh token reuse detected, family revoked', familyId: row.familyId });
        return { error: 'reused' };
      }
      if (row.expiresAt.getTime() <= Date.now()) return { error: 'expired' };
      const user = await this.users.findById(row.accountId, row.userId, em);
      if (!user?.active) return { error: 'invalid' };
      await this.refreshTokens.markUsed(row.id, em);
      return { tokens: await this.tokens.issue(user, row.familyId, em) };
    });
    this.sessions.broadcast(revoked);
    if ('tokens' in outcome) return outcome.tokens;
    const messages: Record<typeof outcome.error, string> = {
      invalid: 'The refresh token is not valid.',
      reused: 'The refresh token was already used; the session has been revoked.',
      expired: 'The refresh token has expired.',
    };
    throw new UnauthorizedError(messages[outcome.error], `refresh-token-${outcome.error}`);
  }

  /** Ends the caller's session (and the refresh token's, if it is the caller's): access tokens included. */
  async logout(cmd: LogoutCommand): Promise<void> {
    const revoked = await this.ds.transaction(async (em) => {
      const families = [cmd.sessionId];
      if (cmd.refreshToken) {
        const row = await this.refreshTokens.findForUpdate(cmd.refreshToken, em);
        if (row && row.userId === cmd.actor.userId) {
          await this.refreshTokens.revokeFamily(row.familyId, em);
          families.push(row.familyId);
        }
      }
      await this.refreshTokens.revokeFamily(cmd.sessionId, em);
      return this.sessions.record(em, { familyIds: families });
    });
    this.sessions.broadcast(revoked);
  }
}
