import { Injectable } from '@nestjs/common';
import { pgArrayLiteral, type Queryable } from '@sms/database';
import type { MessageState } from './usage-rollup';
import { STATE_COLUMNS } from './usage-rollup.repository';

/** The SQL of message.projection.ts. */
@Injectable()
export class MessageRepository {
  insertSubmitted(
    db: Queryable,
    ids: string[],
    accountIds: string[],
    campaignIds: string[],
    campaignSizes: number[],
    recipients: string[],
    senders: string[],
    texts: string[],
    segments: number[],
    submittedAts: string[],
    parentAccountIds: (string | null)[],
    timeZone: string,
  ): Promise<MessageState[]> {
    return db.query(
      `INSERT INTO reporting.messages (id, account_id, campaign_id, campaign_size, recipient, sender, text, segments, submitted_at, parent_account_id, status, status_rank)
       SELECT id, account_id, campaign_id, campaign_size, recipient, sender, text, segments, submitted_at, parent_account_id, 'queued', 0
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::text[], $6::text[], $7::text[], $8::int[], $9::timestamptz[], $10::uuid[])
           AS t(id, account_id, campaign_id, campaign_size, recipient, sender, text, segments, submitted_at, parent_account_id)
       ON CONFLICT (id) DO UPDATE SET campaign_size = EXCLUDED.campaign_size, recipient = EXCLUDED.recipient,
         sender = EXCLUDED.sender, text = EXCLUDED.text, segments = EXCLUDED.segments, submitted_at = EXCLUDED.submitted_at,
         parent_account_id = EXCLUDED.parent_account_id
       RETURNING ${STATE_COLUMNS.replace('$TZ', '$11')}`,
      [
        ...[ids, accountIds, campaignIds, campaignSizes, recipients, senders, texts, segments, submittedAts].map(
          pgArrayLiteral,
        ),
        pgArrayLiteral(parentAccountIds),
        timeZone,
      ],
    );
  }

  upsertStatus(
    db: Queryable,
    ids: string[],
    accountIds: string[],
    campaignIds: string[],
    statuses: ('sent' | 'delivered' | 'failed' | 'expired' | 'cancelled' | 'blocked')[],
    ranks: number[],
    statusAts: string[],
    deliveredAts: (string | null)[],
    errorCodes: (string | null)[],
    timeZone: string,
  ): Promise<MessageState[]> {
    return db.query(
      `INSERT INTO reporting.messages (id, account_id, campaign_id, status, status_rank, status_at, delivered_at, error_code)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::smallint[], $6::timestamptz[], $7::timestamptz[], $8::text[])
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, status_rank = EXCLUDED.status_rank,
         status_at = EXCLUDED.status_at, delivered_at = EXCLUDED.delivered_at, error_code = EXCLUDED.error_code
       WHERE reporting.messages.status_rank < EXCLUDED.status_rank
       RETURNING ${STATE_COLUMNS.replace('$TZ', '$9')}`,
      [
        ...[ids, accountIds, campaignIds, statuses, ranks, statusAts, deliveredAts, errorCodes].map(pgArrayLiteral),
        timeZone,
      ],
    );
  }
}
