import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';
import type { RefundDue } from './settlement.worker';

/** The SQL of settlement.worker.ts. */
@Injectable()
export class SettlementRepository {
  campaignsToSettle(db: Queryable, batchSize: number): Promise<{ id: string }[]> {
    return db.query(
      `SELECT c.id FROM messaging.campaigns c
        WHERE c.settled_at IS NULL
          AND (c.scheduled_at IS NULL OR c.scheduled_at <= now() OR c.cancelled_at IS NOT NULL)
          AND NOT EXISTS (SELECT 1 FROM messaging.messages m WHERE m.campaign_id = c.id AND m.status = 'queued')
        ORDER BY c.created_at LIMIT $1`,
      [batchSize],
    );
  }

  markSettled(db: Queryable, ids: string[]): Promise<void> {
    return db.query(
      `UPDATE messaging.campaigns SET settled_at = now() WHERE id = ANY($1::uuid[]) AND settled_at IS NULL`,
      [ids],
    );
  }

  refundsDue(db: Queryable, batchSize: number): Promise<RefundDue[]> {
    return db.query(
      `SELECT m.id, m.campaign_id AS "campaignId", c.segments, (m.sent_at IS NULL) AS "neverSent"
         FROM messaging.messages m JOIN messaging.campaigns c ON c.id = m.campaign_id
        WHERE m.refund_state = 'due' AND m.refund_batch IS NULL AND c.settled_at IS NOT NULL
        LIMIT $1`,
      [batchSize],
    );
  }

  markRefunded(db: Queryable, ids: string[]): Promise<void> {
    return db.query(
      `UPDATE messaging.messages SET refund_state = 'done' WHERE id = ANY($1::uuid[]) AND refund_state = 'due'`,
      [ids],
    );
  }

  refundBatchesDue(
    db: Queryable,
    batchSize: number,
  ): Promise<{ batchId: string; campaignId: string; segments: number; messages: number }[]> {
    return db.query(
      `SELECT m.refund_batch AS "batchId", m.campaign_id AS "campaignId", c.segments, count(*)::int AS messages
         FROM messaging.messages m JOIN messaging.campaigns c ON c.id = m.campaign_id
        WHERE m.refund_state = 'due' AND m.refund_batch IS NOT NULL AND c.settled_at IS NOT NULL
        GROUP BY m.refund_batch, m.campaign_id, c.segments
        LIMIT $1`,
      [batchSize],
    );
  }

  markBatchesRefunded(db: Queryable, batchIds: string[]): Promise<void> {
    return db.query(
      `UPDATE messaging.messages SET refund_state = 'done' WHERE refund_batch = ANY($1::uuid[]) AND refund_state = 'due'`,
      [batchIds],
    );
  }
}
