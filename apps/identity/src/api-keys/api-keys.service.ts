import { Injectable, Logger } from '@nestjs/common';
import {
  ApiKeyPage,
  BusinessRuleError,
  CreateApiKeyCommand,
  CreatedApiKey,
  ForbiddenError,
  ListApiKeysQuery,
  NotFoundError,
  RecordApiKeyUsageCommand,
  ResolveApiKeyResult,
  RevokeApiKeyCommand,
  SUB_ACCOUNT_KEY_SCOPES,
  ValidationFailedError,
} from '@sms/contracts';
import { SessionRevocationPublisher } from '../managers/session-revocation.publisher';
import { newApiKeySecret } from './api-key-secret';
import { ApiKeyRepository, KeyScopeFilter } from './api-key.repository';

/** Live keys one owner account may hold (its sub-accounts' included). */
const MAX_LIVE_KEYS = 100;

function decodeCursor(cursor: string | undefined): { createdAt: string; id: string } | null {
  if (!cursor) return null;
  try {
    const c = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { c?: unknown; i?: unknown };
    if (
      typeof c.c === 'string' &&
      !Number.isNaN(Date.parse(c.c)) &&
      typeof c.i === 'string' &&
      /^[0-9a-f-]{36}$/i.test(c.i)
    ) {
      return { createdAt: c.c, id: c.i };
    }
  } catch {
    // falls through to the validation error
  }
  throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not one this list returned' }]);
}

/**
 * Scoped API keys: an owner's keys act as its account (or as a sub-account they are bound
 * to); a manager's keys are always bound to its own sub-account and hold at most its rights.
 */
@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger(ApiKeysService.name);

  constructor(
    private readonly keys: ApiKeyRepository,
    private readonly broadcasts: SessionRevocationPublisher,
  ) {}

  async create(cmd: CreateApiKeyCommand): Promise<CreatedApiKey> {
    const { actor, body } = cmd;
    if (body.expiresAt !== undefined && Date.parse(body.expiresAt) <= Date.now()) {
      throw new ValidationFailedError([{ field: 'expiresAt', message: 'expiresAt must be in the future' }]);
    }
    let accountId: string;
    let subAccountId: string | null;
    const beyondManager = body.scopes.filter((s) => !SUB_ACCOUNT_KEY_SCOPES.includes(s));
    if (actor.role === 'manager') {
      if (!actor.parentAccountId) throw new ForbiddenError();
      if (body.subAccountId !== undefined && body.subAccountId !== actor.accountId)
        throw new NotFoundError('Sub-account');
      if (beyondManager.length > 0) {
        throw new ForbiddenError(
          `A sub-account manager cannot grant ${beyondManager.join(', ')}.`,
          'scope-beyond-rights',
        );
      }
      accountId = actor.parentAccountId;
      subAccountId = actor.accountId;
    } else {
      accountId = actor.accountId;
      subAccountId = body.subAccountId ?? null;
      if (subAccountId && !(await this.keys.isSubAccountOf(subAccountId, accountId))) {
        throw new NotFoundError('Sub-account');
      }
      if (subAccountId && beyondManager.length > 0) {
        throw new BusinessRuleError(
          'scope-beyond-sub-account',
          `A key bound to a sub-account acts as its manager and cannot hold ${beyondManager.join(', ')}.`,
        );
      }
    }
    if ((await this.keys.countLive(accountId)) >= MAX_LIVE_KEYS) {
      throw new BusinessRuleError('too-many-api-keys', `An account may hold at most ${MAX_LIVE_KEYS} live API keys.`);
    }
    const secret = newApiKeySecret();
    const view = await this.keys.insert({
      accountId,
      subAccountId,
      createdBy: actor.userId,
      name: body.name,
      prefix: secret.prefix,
      secretHash: secret.hash,
      scopes: body.scopes,
      expiresAt: body.expiresAt ?? null,
    });
    this.logger.log({ msg: 'api key created', keyId: view.id, prefix: view.prefix, accountId, subAccountId });
    return { ...view, secret: secret.secret };
  }

  async list(q: ListApiKeysQuery): Promise<ApiKeyPage> {
    const limit = q.page?.limit ?? 50;
    const items = await this.keys.list(this.visibleTo(q), limit + 1, decodeCursor(q.page?.cursor));
    const more = items.length > limit;
    const page = items.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page,
      nextCursor:
        more && last ? Buffer.from(JSON.stringify({ c: last.createdAt, i: last.id })).toString('base64url') : null,
    };
  }

  /** Owners only: a manager may create its sub-account's keys but not revoke them (issue 15). */
  async revoke(cmd: RevokeApiKeyCommand): Promise<void> {
    if (cmd.actor.role !== 'owner') throw new ForbiddenError('Only the account owner revokes API keys.', 'owner-only');
    if (!(await this.keys.revoke(cmd.actor.accountId, cmd.keyId))) throw new NotFoundError('API key');
    this.broadcasts.publishApiKeysRevoked([cmd.keyId]);
    this.logger.log({ msg: 'api key revoked', keyId: cmd.keyId, accountId: cmd.actor.accountId });
  }

  async resolve(secretHash: string): Promise<ResolveApiKeyResult> {
    const row = await this.keys.resolve(secretHash);
    if (!row) return { key: null };
    if (!row.active) return { key: null, refusedKeyId: row.id };
    const actor = row.subAccountId
      ? { userId: row.userId, accountId: row.subAccountId, role: 'manager' as const, parentAccountId: row.accountId }
      : { userId: row.userId, accountId: row.accountId, role: 'owner' as const };
    return {
      key: {
        id: row.id,
        scopes: row.scopes,
        actor,
        expiresAt: row.expiresAt ? new Date(row.expiresAt).toISOString() : null,
      },
    };
  }

  async recordUsage(cmd: RecordApiKeyUsageCommand): Promise<void> {
    await this.keys.recordUsage(cmd.usages);
  }

  private visibleTo(q: ListApiKeysQuery): KeyScopeFilter {
    const a = q.actor;
    if (a.role === 'manager') {
      if (!a.parentAccountId) throw new ForbiddenError();
      return { accountId: a.parentAccountId, subAccountId: a.accountId };
    }
    return { accountId: a.accountId };
  }
}
