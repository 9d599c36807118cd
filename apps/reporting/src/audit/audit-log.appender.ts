import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AuditEvents, AuditRecordedData } from '@sms/contracts';
import { EventConsumers } from '@sms/events';
import { EntityManager } from 'typeorm';
import { entryHash, GENESIS_HASH, HashedEntry } from './audit-hash';

/**
 * Appends the gateway's audit events to each account's hash chain. The @sms/events consumer
 * gives each event id one effect (inbox in the same transaction); a transaction-scoped advisory
 * lock per account makes this the single writer of that account's chain, whichever replica
 * runs it, so "the previous entry" is always well defined.
 */
@Injectable()
export class AuditLogAppender implements OnModuleInit {
  private readonly logger = new Logger(AuditLogAppender.name);

  constructor(@Inject(EventConsumers) private readonly consumers: EventConsumers) {}

  async onModuleInit(): Promise<void> {
    await this.consumers.register({
      purpose: 'audit-log',
      events: [AuditEvents.recorded],
      handler: (envelope, em) => this.append(em, envelope.id, envelope.data),
    });
  }

  async append(em: EntityManager, id: string, d: AuditRecordedData): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 1313))`, [d.accountId]);
    const [last]: { seq: string; hash: string }[] = await em.query(
      `SELECT seq, hash FROM reporting.audit_log WHERE account_id = $1 ORDER BY seq DESC LIMIT 1`,
      [d.accountId],
    );
    const entry: HashedEntry = {
      id,
      accountId: d.accountId,
      seq: last ? Number(last.seq) + 1 : 1,
      at: new Date(d.at).toISOString(),
      actor: { userId: d.actor.userId, role: d.actor.role, accountId: d.actor.accountId },
      action: d.action,
      target: { type: d.target.type, id: d.target.id },
      subAccountId: d.subAccountId ?? null,
      changes: d.changes ?? null,
      requestId: d.requestId,
      ip: d.ip,
      prevHash: last?.hash ?? GENESIS_HASH,
    };
    await em.query(
      `INSERT INTO reporting.audit_log (id, account_id, seq, at, actor_user_id, actor_role, actor_account_id, action,
         target_type, target_id, sub_account_id, changes, request_id, ip, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT (id) DO NOTHING`,
      [
        entry.id,
        entry.accountId,
        entry.seq,
        entry.at,
        entry.actor.userId,
        entry.actor.role,
        entry.actor.accountId,
        entry.action,
        entry.target.type,
        entry.target.id,
        entry.subAccountId,
        entry.changes === null ? null : JSON.stringify(entry.changes),
        entry.requestId,
        entry.ip,
        entry.prevHash,
        entryHash(entry),
      ],
    );
  }
}
