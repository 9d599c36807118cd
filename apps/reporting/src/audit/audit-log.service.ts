import { Injectable } from '@nestjs/common';
import {
  Actor,
  AuditAction,
  AuditEntryView,
  AuditLogCommand,
  AuditLogPage,
  AuditTargetType,
  AuditVerifyResult,
  DEFAULT_TIME_ZONE,
  ForbiddenError,
  Role,
  startOfDay,
  startOfNextDay,
  ValidationFailedError,
} from '@sms/contracts';
import { AccountScope } from '../history/account-scope';
import { entryHash, GENESIS_HASH } from './audit-hash';
import { AuditCriteria, AuditLogRepository, AuditRow } from './audit-log.repository';

const DEFAULT_LIMIT = 50;
const VERIFY_BATCH = 5000;

@Injectable()
export class AuditLogService {
  constructor(
    private readonly scope: AccountScope,
    private readonly log: AuditLogRepository,
  ) {}

  /**
   * The owner sees its account's chain (optionally one sub-account's part of it); a manager
   * only the entries about its own sub-account, in its owner's chain.
   */
  async list(cmd: AuditLogCommand): Promise<AuditLogPage> {
    const { actor, query: q } = cmd;
    const criteria: AuditCriteria =
      actor.role === 'owner'
        ? { accountId: actor.accountId }
        : { accountId: actor.parentAccountId ?? actor.accountId, subAccountId: actor.accountId };
    if (q.subAccountId) criteria.subAccountId = await this.scope.resolve(actor, q.subAccountId);
    if (q.actor) criteria.actorUserId = q.actor;
    if (q.action) criteria.action = q.action;
    if (q.from) criteria.fromInstant = dayStart(q.from, 'from');
    if (q.to) criteria.beforeInstant = nextDayStart(q.to, 'to');
    if (q.from && q.to && q.to < q.from) throw invalid('to', 'to must not be before from');
    if (q.cursor !== undefined) {
      if (!/^[1-9]\d{0,15}$/.test(q.cursor)) throw invalid('cursor', 'cursor is not a cursor returned by this API');
      criteria.beforeSeq = Number(q.cursor);
    }
    const limit = q.limit ?? DEFAULT_LIMIT;
    // Managers without a parent (never issued) would read nothing rather than another chain.
    if (actor.role !== 'owner' && !actor.parentAccountId) return { items: [], nextCursor: null };
    const rows = await this.log.page(criteria, limit + 1);
    const items = rows.slice(0, limit).map(toView);
    const last = rows[limit - 1];
    return { items, nextCursor: rows.length > limit && last ? String(last.seq) : null };
  }

  /** Walks the owner's chain from its first entry: seq without gaps, links, and hashes. */
  async verify(actor: Actor): Promise<AuditVerifyResult> {
    if (actor.role !== 'owner') throw new ForbiddenError('Only the account owner can verify the audit log.');
    let prevHash = GENESIS_HASH;
    let seq = 0;
    for (;;) {
      const rows = await this.log.chain(actor.accountId, seq, VERIFY_BATCH);
      for (const row of rows) {
        if (row.seq !== seq + 1 || row.prevHash !== prevHash || entryHash(withoutHash(row)) !== row.hash) {
          return { intact: false, brokenAt: row.id, entries: seq };
        }
        seq = row.seq;
        prevHash = row.hash;
      }
      if (rows.length < VERIFY_BATCH) return { intact: true, entries: seq };
    }
  }
}

function withoutHash(row: AuditRow): Omit<AuditRow, 'hash'> {
  const { hash: _hash, ...entry } = row;
  return entry;
}

function toView(r: AuditRow): AuditEntryView {
  const v: AuditEntryView = {
    id: r.id,
    at: r.at,
    actor: { userId: r.actor.userId, role: r.actor.role as Role, accountId: r.actor.accountId },
    action: r.action as AuditAction,
    target: { type: r.target.type as AuditTargetType, id: r.target.id },
    subAccountId: r.subAccountId,
    requestId: r.requestId,
    ip: r.ip,
  };
  if (r.changes) v.changes = r.changes as AuditEntryView['changes'];
  return v;
}

function invalid(field: string, message: string): ValidationFailedError {
  return new ValidationFailedError([{ field, message }]);
}

function dayStart(day: string, field: string): Date {
  const d = startOfDay(day, DEFAULT_TIME_ZONE);
  if (Number.isNaN(d.getTime()) || new Date(`${day}T00:00:00Z`).toISOString().slice(0, 10) !== day) {
    throw invalid(field, `${field} is not a calendar day`);
  }
  return d;
}

function nextDayStart(day: string, field: string): Date {
  dayStart(day, field);
  return startOfNextDay(day, DEFAULT_TIME_ZONE);
}
