import { Injectable } from '@nestjs/common';
import { MessageStatus, MessageStatusChangedData, MessageSubmittedData } from '@sms/contracts';
import { EntityManager } from 'typeorm';
import { MessageRepository } from './message.repository';
import type { MessageState } from './usage-rollup';

/** Later states win; among final states the first report wins (they never follow each other). */
export const STATUS_RANK: Record<MessageStatus, number> = {
  queued: 0,
  sent: 1,
  delivered: 2,
  failed: 2,
  expired: 2,
  // Only a queued message is cancelled, and it never moves again.
  cancelled: 2,
  // Only a queued message is blocked (opted-out recipient), and it never moves again.
  blocked: 2,
};

/**
 * Applies messaging's events to the history read model. The upserts commute, so arrival
 * order does not matter: a submit event fills in the message's fields and never touches its
 * status; a status change only moves the status forward. Each takes a batch (one statement).
 */
@Injectable()
export class MessageProjection {
  private readonly repo = new MessageRepository();
  /** Returns the rows it wrote, as the rollups read them (days in `timeZone`). */
  async submittedMany(em: EntityManager, events: MessageSubmittedData[], timeZone: string): Promise<MessageState[]> {
    // One row per message: ON CONFLICT cannot touch the same row twice in a statement.
    const rows = [...new Map(events.map((d) => [d.messageId, d])).values()];
    if (rows.length === 0) return [];
    const col = <K extends keyof MessageSubmittedData>(k: K) => rows.map((d) => d[k]);
    return this.repo.insertSubmitted(
      em,
      col('messageId'),
      col('accountId'),
      col('campaignId'),
      col('campaignSize'),
      col('recipient'),
      col('sender'),
      col('text'),
      col('segments'),
      col('submittedAt'),
      col('parentAccountId'),
      timeZone,
    );
  }

  /** Returns the rows it changed (a change that moves no status forward writes nothing), as the rollups read them. */
  async statusChangedMany(
    em: EntityManager,
    events: MessageStatusChangedData[],
    timeZone: string,
  ): Promise<MessageState[]> {
    // Per message, the most advanced status of the batch (the first of equal rank).
    const best = new Map<string, MessageStatusChangedData>();
    for (const d of events) {
      const seen = best.get(d.messageId);
      if (!seen || STATUS_RANK[d.status] > STATUS_RANK[seen.status]) best.set(d.messageId, d);
    }
    const rows = [...best.values()];
    if (rows.length === 0) return [];
    return this.repo.upsertStatus(
      em,
      rows.map((d) => d.messageId),
      rows.map((d) => d.accountId),
      rows.map((d) => d.campaignId),
      rows.map((d) => d.status),
      rows.map((d) => STATUS_RANK[d.status]),
      rows.map((d) => d.at),
      rows.map((d) => (d.status === 'delivered' ? d.at : null)),
      rows.map((d) => d.errorCode),
      timeZone,
    );
  }
}
