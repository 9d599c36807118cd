import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';
import type { AwaitedReport } from '../carriers/carrier.port';

/** The SQL of awaited-reports.worker.ts. */
@Injectable()
export class AwaitedReportsRepository {
  awaitedPage(
    db: Queryable,
    sentAt: Date | null,
    id: string | null,
    batchSize: number,
  ): Promise<(AwaitedReport & { sentAt: Date })[]> {
    return db.query(
      `SELECT m.id AS "messageId", m.carrier_message_id AS "carrierMessageId", m.recipient AS "to",
                m.sent_at AS "sentAt"
           FROM messaging.messages m
          WHERE m.status = 'sent' AND ($1::timestamptz IS NULL OR (m.sent_at, m.id) < ($1::timestamptz, $2::uuid))
          ORDER BY m.sent_at DESC, m.id DESC LIMIT $3`,
      [sentAt, id, batchSize],
    );
  }

  awaitedOf(db: Queryable, olderThanMs: number, batchSize: number): Promise<AwaitedReport[]> {
    return db.query(
      `SELECT m.id AS "messageId", m.carrier_message_id AS "carrierMessageId", m.recipient AS "to"
         FROM messaging.messages m
        WHERE m.status = 'sent' AND m.sent_at < now() - make_interval(secs => $1::float / 1000)
        ORDER BY m.sent_at LIMIT $2`,
      [olderThanMs, batchSize],
    );
  }
}
