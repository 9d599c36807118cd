import { Inject, Injectable } from '@nestjs/common';
import { ApiKeyScope, ApiKeyUsage, ApiKeyView } from '@sms/contracts';
import { returning } from '@sms/database';
import { DataSource, EntityManager } from 'typeorm';

export interface NewApiKey {
  accountId: string;
  subAccountId: string | null;
  createdBy: string;
  name: string;
  prefix: string;
  secretHash: string;
  scopes: ApiKeyScope[];
  expiresAt: string | null;
}

/** Which keys a caller sees: all of an owner account's, or only those bound to one sub-account. */
export interface KeyScopeFilter {
  accountId: string;
  subAccountId?: string;
}

export interface ResolvedKeyRow {
  id: string;
  scopes: ApiKeyScope[];
  expiresAt: Date | null;
  accountId: string;
  subAccountId: string | null;
  userId: string;
  /** False when its login is inactive (a deactivated sub-account): the key is refused. */
  active: boolean;
}

const VIEW_COLUMNS = `id, name, prefix, scopes, sub_account_id AS "subAccountId", created_at AS "createdAt",
  last_used_at AS "lastUsedAt", expires_at AS "expiresAt"`;

type ViewRow = Omit<ApiKeyView, 'createdAt' | 'lastUsedAt' | 'expiresAt'> & {
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
};

const iso = (d: Date | null) => (d ? new Date(d).toISOString() : null);
export const toView = (r: ViewRow): ApiKeyView => ({
  ...r,
  createdAt: new Date(r.createdAt).toISOString(),
  lastUsedAt: iso(r.lastUsedAt),
  expiresAt: iso(r.expiresAt),
});

/** API keys. Every query of a caller's keys names its owner account (and sub-account when bound). */
@Injectable()
export class ApiKeyRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async isSubAccountOf(subAccountId: string, parentAccountId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(
      `SELECT 1 FROM identity.accounts WHERE id = $1 AND parent_account_id = $2`,
      [subAccountId, parentAccountId],
    );
    return rows.length > 0;
  }

  async countLive(accountId: string): Promise<number> {
    const rows: { n: number }[] = await this.ds.query(
      `SELECT count(*)::int AS n FROM identity.api_keys
       WHERE account_id = $1 AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > now())`,
      [accountId],
    );
    return rows[0].n;
  }

  async insert(k: NewApiKey): Promise<ApiKeyView> {
    const rows: ViewRow[] = await this.ds.query(
      `INSERT INTO identity.api_keys (account_id, sub_account_id, created_by, name, prefix, secret_hash, scopes, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING ${VIEW_COLUMNS}`,
      [k.accountId, k.subAccountId, k.createdBy, k.name, k.prefix, k.secretHash, k.scopes, k.expiresAt],
    );
    return toView(rows[0]);
  }

  /** Live keys (not revoked), newest first, after the keyset position `after`. */
  async list(f: KeyScopeFilter, limit: number, after: { createdAt: string; id: string } | null): Promise<ApiKeyView[]> {
    const rows: ViewRow[] = await this.ds.query(
      `SELECT ${VIEW_COLUMNS} FROM identity.api_keys
       WHERE account_id = $1 AND ($2::uuid IS NULL OR sub_account_id = $2) AND revoked_at IS NULL
         AND ($3::timestamptz IS NULL OR (created_at, id) < ($3::timestamptz, $4::uuid))
       ORDER BY created_at DESC, id DESC LIMIT $5`,
      [f.accountId, f.subAccountId ?? null, after?.createdAt ?? null, after?.id ?? null, limit],
    );
    return rows.map(toView);
  }

  /** True when a live key of this account was revoked now. */
  async revoke(accountId: string, keyId: string): Promise<boolean> {
    const rows = returning<{ id: string }>(
      await this.ds.query(
        `UPDATE identity.api_keys SET revoked_at = now() WHERE id = $1 AND account_id = $2 AND revoked_at IS NULL RETURNING id`,
        [keyId, accountId],
      ),
    );
    return rows.length > 0;
  }

  /**
   * The gateway's cache miss: the only lookup not scoped by account, since the account is
   * what it finds. The key acts as the owner of its account, or as the manager of the
   * sub-account it is bound to; `active` is that login's (false for a deactivated sub-account).
   */
  async resolve(secretHash: string): Promise<ResolvedKeyRow | undefined> {
    const rows: ResolvedKeyRow[] = await this.ds.query(
      `SELECT k.id, k.scopes, k.expires_at AS "expiresAt", k.account_id AS "accountId",
              k.sub_account_id AS "subAccountId", u.id AS "userId", u.active
       FROM identity.api_keys k
       JOIN identity.users u ON u.account_id = COALESCE(k.sub_account_id, k.account_id)
        AND u.role = CASE WHEN k.sub_account_id IS NULL THEN 'owner' ELSE 'manager' END
       WHERE k.secret_hash = $1 AND k.revoked_at IS NULL AND (k.expires_at IS NULL OR k.expires_at > now())
       ORDER BY u.created_at LIMIT 1`,
      [secretHash],
    );
    return rows[0];
  }

  /** One statement per batch from a gateway; a later use never moves lastUsedAt backwards. */
  async recordUsage(usages: ApiKeyUsage[]): Promise<void> {
    if (usages.length === 0) return;
    await this.ds.query(
      `UPDATE identity.api_keys k SET last_used_at = GREATEST(k.last_used_at, u.used_at)
       FROM unnest($1::uuid[], $2::timestamptz[]) AS u(id, used_at) WHERE k.id = u.id`,
      [usages.map((u) => u.keyId), usages.map((u) => u.usedAt)],
    );
  }

  /** Live keys bound to a sub-account (for the gateways to drop from their caches when it is (de)activated). */
  async idsBoundTo(em: EntityManager, subAccountId: string, parentAccountId: string): Promise<string[]> {
    const rows: { id: string }[] = await em.query(
      `SELECT id FROM identity.api_keys WHERE account_id = $1 AND sub_account_id = $2 AND revoked_at IS NULL`,
      [parentAccountId, subAccountId],
    );
    return rows.map((r) => r.id);
  }
}
