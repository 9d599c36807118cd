import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AuditEvents, AuditRecordedData } from '@sms/contracts';
import { EventConsumers } from '@sms/events';
import { EntityManager } from 'typeorm';
import { entryHash, GENESIS_HASH, HashedEntry } from './audit-hash';
import { AuditLogAppendRepository } from './audit-log-append.repository';

/**
 * Appends the gateway's audit events to each account's hash chain. The @sms/events consumer
 * gives each event id one effect (inbox in the same transaction); a transaction-scoped advisory
 * lock per account makes this the single writer of that account's chain, whichever replica
 * runs it, so "the previous entry" is always well defined.
 */
@Injectable()
export class AuditLogAppender implements OnModuleInit {
  private readonly repo = new AuditLogAppendRepository();
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
    await this.repo.lockAccount(em, d.accountId);
    const [last]: { seq: string; hash: string }[] = await this.repo.lastEntry(em, d.accountId);
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
    await this.repo.insert(
      em,
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
    );
  }
}
