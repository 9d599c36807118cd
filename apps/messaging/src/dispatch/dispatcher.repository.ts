import { Injectable } from '@nestjs/common';
import { pgArrayLiteral, type Queryable } from '@sms/database';
import type { DueMessage } from './dispatcher';

/** The SQL of dispatcher.ts. */
@Injectable()
export class DispatcherRepository {
  claim(em: Queryable, batchSize: number, onlyIds?: string[]): Promise<DueMessage[]> {
    // The due rows are picked and locked on their own first, the campaign joined to those alone: the
    // join before the LIMIT sorted every queued message with its campaign on each claim (30 ms
    // against 4 ms for 20,000 queued, measured on a freshly filled table, the bench's case).
    return em.query(
      `WITH due AS (
         SELECT id, campaign_id, recipient, due_at FROM messaging.messages
          WHERE status = 'queued' AND due_at <= now() ${onlyIds ? 'AND id = ANY($2::uuid[])' : ''}
          ORDER BY due_at
          LIMIT $1
          FOR UPDATE SKIP LOCKED
       )
       SELECT m.id, m.campaign_id AS "campaignId", m.recipient, c.kind, c.account_id AS "accountId",
              c.parent_account_id AS "parentAccountId", c.sender, c.text, c.segments,
              EXISTS (SELECT 1 FROM messaging.opt_outs o WHERE o.account_id = c.account_id AND o.phone = m.recipient) AS "optedOut"
         FROM due m JOIN messaging.campaigns c ON c.id = m.campaign_id
        ORDER BY m.due_at`,
      onlyIds ? [batchSize, onlyIds] : [batchSize],
    );
  }

  markSent(db: Queryable, ids: string[], carrierIds: string[], now: Date): Promise<void> {
    return db.query(
      `UPDATE messaging.messages m SET status = 'sent', carrier_message_id = t.carrier_id, sent_at = $3
           FROM unnest($1::uuid[], $2::text[]) AS t(id, carrier_id) WHERE m.id = t.id`,
      [pgArrayLiteral(ids), pgArrayLiteral(carrierIds), now],
    );
  }

  markFailed(db: Queryable, ids: string[], codes: string[], refunds: boolean[], now: Date): Promise<void> {
    return db.query(
      `UPDATE messaging.messages m SET status = 'failed', error_code = t.code, final_at = $4,
                refund_state = CASE WHEN t.refund THEN 'due' ELSE 'none' END
           FROM unnest($1::uuid[], $2::text[], $3::boolean[]) AS t(id, code, refund) WHERE m.id = t.id`,
      [ids, codes, refunds, now],
    );
  }

  markBlocked(db: Queryable, blocked: string[], now: Date): Promise<void> {
    return db.query(
      `UPDATE messaging.messages SET status = 'blocked', final_at = $2, refund_state = 'due' WHERE id = ANY($1::uuid[])`,
      [blocked, now],
    );
  }
}
