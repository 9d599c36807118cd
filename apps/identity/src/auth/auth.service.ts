import { Inject, Injectable, Logger } from '@nestjs/common';
import { LoginBody, LogoutCommand, SignupBody, SignupResult, TokenPair, UnauthorizedError } from '@sms/contracts';
import { DataSource } from 'typeorm';
import { IDENTITY_ENV, IdentityEnv } from '../identity-env';
import { SessionRevocationPublisher } from '../managers/session-revocation.publisher';
import { AccountRepository } from '../users/account.repository';
import { UserRepository } from '../users/user.repository';
import { PasswordHasher } from './password-hasher';
import { RefreshTokenRepository } from './refresh-token.repository';
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
    private readonly revocations: SessionRevocationPublisher,
    @Inject(IDENTITY_ENV) private readonly env: IdentityEnv,
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
    const outcome = await this.ds.transaction(async (em): Promise<Outcome> => {
      const row = await this.refreshTokens.findForUpdate(refreshToken, em);
      if (!row) return { error: 'invalid' };
      if (row.usedAt || row.revokedAt) {
        // A rotated token came back: someone holds a copy. End the whole session for both.
        await this.refreshTokens.revokeFamily(row.familyId, em);
        this.logger.warn({ msg: 'refresh token reuse detected, family revoked', familyId: row.familyId });
        return { error: 'reused' };
      }
      if (row.expiresAt.getTime() <= Date.now()) return { error: 'expired' };
      const user = await this.users.findById(row.accountId, row.userId, em);
      if (!user?.active) return { error: 'invalid' };
      await this.refreshTokens.markUsed(row.id, em);
      return { tokens: await this.tokens.issue(user, row.familyId, em) };
    });
    if ('tokens' in outcome) return outcome.tokens;
    const messages: Record<typeof outcome.error, string> = {
      invalid: 'The refresh token is not valid.',
      reused: 'The refresh token was already used; the session has been revoked.',
      expired: 'The refresh token has expired.',
    };
    throw new UnauthorizedError(messages[outcome.error], `refresh-token-${outcome.error}`);
  }

  async logout(cmd: LogoutCommand): Promise<void> {
    const revoked = await this.ds.transaction(async (em) => {
      if (cmd.refreshToken) {
        const row = await this.refreshTokens.findForUpdate(cmd.refreshToken, em);
        if (row && row.userId === cmd.actor.userId) await this.refreshTokens.revokeFamily(row.familyId, em);
      }
      await this.refreshTokens.revokeFamily(cmd.sessionId, em);
      // The session's live access tokens too: listed for gateways (and broadcast below) until they expire.
      return em.query(
        `INSERT INTO identity.revoked_sessions (session_id, user_id, expires_at)
         VALUES ($1, $2, now() + make_interval(secs => $3))
         ON CONFLICT (session_id) DO UPDATE SET expires_at = GREATEST(identity.revoked_sessions.expires_at, EXCLUDED.expires_at)
         RETURNING session_id AS "sessionId", expires_at AS "expiresAt"`,
        [cmd.sessionId, cmd.actor.userId, this.env.ACCESS_TOKEN_TTL_SECONDS],
      ) as Promise<{ sessionId: string; expiresAt: Date }[]>;
    });
    this.revocations.publish({
      sessions: revoked.map((r) => ({ sessionId: r.sessionId, expiresAt: new Date(r.expiresAt).toISOString() })),
    });
  }
}
