import { Inject, Injectable } from '@nestjs/common';
import { AuditAction } from '@sms/contracts';
import { DataSource } from 'typeorm';
import { HashedEntry } from './audit-hash';

export interface AuditCriteria {
  /** The owner account whose chain is read: always required. */
  accountId: string;
  subAccountId?: string;
  actorUserId?: string;
  action?: AuditAction;
  fromInstant?: Date;
  beforeInstant?: Date;
  /** Keyset: only entries with a lower seq. */
  beforeSeq?: number;
}

export interface AuditRow extends HashedEntry {
  hash: string;
}

const COLUMNS = `id, account_id, seq, at, actor_user_id, actor_role, actor_account_id, action, target_type, target_id,
  sub_account_id, changes, request_id, ip, prev_hash, hash`;

interface RawRow {
  id: string;
  account_id: string;
  seq: string;
  at: Date;
  actor_user_id: string;
  actor_role: string;
  actor_account_id: string;
  action: string;
  target_type: string;
  target_id: string;
  sub_account_id: string | null;
  changes: Record<string, unknown> | null;
  request_id: string;
  ip: string;
  prev_hash: string;
  hash: string;
}

function toRow(r: RawRow): AuditRow {
  return {
    id: r.id,
    accountId: r.account_id,
    seq: Number(r.seq),
    at: r.at.toISOString(),
    actor: { userId: r.actor_user_id, role: r.actor_role, accountId: r.actor_account_id },
    action: r.action,
    target: { type: r.target_type, id: r.target_id },
    subAccountId: r.sub_account_id,
    changes: r.changes,
    requestId: r.request_id,
    ip: r.ip,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

/** Reads of reporting.audit_log; every query names the owner account. */
@Injectable()
export class AuditLogRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Newest first, at most `limit` rows. */
  async page(c: AuditCriteria, limit: number): Promise<AuditRow[]> {
    const where = ['account_id = $1'];
    const params: unknown[] = [c.accountId];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (c.subAccountId) add('sub_account_id = ?', c.subAccountId);
    if (c.actorUserId) add('actor_user_id = ?', c.actorUserId);
    if (c.action) add('action = ?', c.action);
    if (c.fromInstant) add('at >= ?', c.fromInstant);
    if (c.beforeInstant) add('at < ?', c.beforeInstant);
    if (c.beforeSeq !== undefined) add('seq < ?', c.beforeSeq);
    params.push(limit);
    const rows: RawRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM reporting.audit_log WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRow);
  }

  /** The chain in order, `limit` entries after `afterSeq`. */
  async chain(accountId: string, afterSeq: number, limit: number): Promise<AuditRow[]> {
    const rows: RawRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM reporting.audit_log WHERE account_id = $1 AND seq > $2 ORDER BY seq LIMIT $3`,
      [accountId, afterSeq, limit],
    );
    return rows.map(toRow);
  }
}
