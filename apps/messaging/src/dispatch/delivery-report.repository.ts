import { Injectable } from '@nestjs/common';
import { pgArrayLiteral, type Queryable } from '@sms/database';
import type { DeliveryStatus } from '../carriers/carrier.port';
import type { Updated } from './delivery-report.recorder';

/** A timestamp as one array element: ISO 8601 in UTC (node-postgres formats each Date in local time, escaped). */
const isoUtc = (d: Date): string => d.toISOString();

/** The SQL of delivery-report.recorder.ts. */
@Injectable()
export class DeliveryReportRepository {
  applyReports(
    db: Queryable,
    ids: string[],
    statuses: DeliveryStatus[],
    codes: (string | null)[],
    ats: Date[],
  ): Promise<[Updated[], number]> {
    // The rows are locked in id order first, as a deactivation's cancel locks its own: the UPDATE
    // alone locked them in scan order, and a cancel rechecking a row this batch had locked while it
    // held one this batch was waiting for was a deadlock (seen once, in campaign-cancel.int-spec).
    return db.query(
      `WITH locked AS MATERIALIZED (
         SELECT id FROM messaging.messages
          WHERE id = ANY($1::uuid[]) AND status IN ('queued', 'sent')
          ORDER BY id FOR UPDATE
       )
       UPDATE messaging.messages m
            SET status = t.status, error_code = t.code, final_at = t.at,
                refund_state = CASE WHEN c.kind = 'customer' AND t.status IN ('failed', 'expired') THEN 'due' ELSE 'none' END
           FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[]) AS t(id, status, code, at),
                locked l, messaging.campaigns c
          WHERE l.id = t.id AND m.id = t.id AND c.id = m.campaign_id AND m.status IN ('queued', 'sent')
          RETURNING m.id, m.campaign_id AS "campaignId", c.account_id AS "accountId",
                    c.parent_account_id AS "parentAccountId", c.kind`,
      [pgArrayLiteral(ids), pgArrayLiteral(statuses), pgArrayLiteral(codes), pgArrayLiteral(ats.map(isoUtc))],
    );
  }
}
