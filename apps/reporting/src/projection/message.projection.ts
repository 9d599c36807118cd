import { Injectable } from '@nestjs/common';
import { MessageStatus, MessageStatusChangedData, MessageSubmittedData } from '@sms/contracts';
import { EntityManager } from 'typeorm';

/** Later states win; among final states the first report wins (they never follow each other). */
export const STATUS_RANK: Record<MessageStatus, number> = { queued: 0, sent: 1, delivered: 2, failed: 2, expired: 2 };

/**
 * Applies messaging's events to the history read model. Each upsert is commutative with the
 * others, so arrival order does not matter: the submit event fills in the message's fields
 * and never touches its status; a status change only moves the status forward.
 */
@Injectable()
export class MessageProjection {
  async submitted(em: EntityManager, d: MessageSubmittedData): Promise<void> {
    await em.query(
      `INSERT INTO reporting.messages (id, account_id, campaign_id, campaign_size, recipient, sender, text, segments, submitted_at, status, status_rank)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'queued', 0)
       ON CONFLICT (id) DO UPDATE SET campaign_size = EXCLUDED.campaign_size, recipient = EXCLUDED.recipient,
         sender = EXCLUDED.sender, text = EXCLUDED.text, segments = EXCLUDED.segments, submitted_at = EXCLUDED.submitted_at`,
      [d.messageId, d.accountId, d.campaignId, d.campaignSize, d.recipient, d.sender, d.text, d.segments, d.submittedAt],
    );
  }

  async statusChanged(em: EntityManager, d: MessageStatusChangedData): Promise<void> {
    await em.query(
      `INSERT INTO reporting.messages (id, account_id, campaign_id, status, status_rank, status_at, delivered_at, error_code)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, status_rank = EXCLUDED.status_rank,
         status_at = EXCLUDED.status_at, delivered_at = EXCLUDED.delivered_at, error_code = EXCLUDED.error_code
       WHERE reporting.messages.status_rank < EXCLUDED.status_rank`,
      [
        d.messageId,
        d.accountId,
        d.campaignId,
        d.status,
        STATUS_RANK[d.status],
        d.at,
        d.status === 'delivered' ? d.at : null,
        d.errorCode,
      ],
    );
  }
}
