import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';

/** The SQL of system-sms.service.ts. */
@Injectable()
export class SystemSmsRepository {
  insertCampaign(db: Queryable, id: string, sender: string, text: string, segments: number): Promise<unknown[]> {
    return db.query(
      `INSERT INTO messaging.campaigns (id, kind, sender, text, segments, recipients, credits, settled_at)
         VALUES ($1, 'system', $2, $3, $4, 1, 0, now()) ON CONFLICT (id) DO NOTHING RETURNING id`,
      [id, sender, text, segments],
    );
  }

  insertMessage(db: Queryable, id: string, to: string): Promise<void> {
    return db.query(
      `INSERT INTO messaging.messages (id, campaign_id, recipient, status, due_at) VALUES ($1, $1, $2, 'queued', now())`,
      [id, to],
    );
  }

  status(db: Queryable, id: string): Promise<{ status: string; errorCode: string | null }[]> {
    return db.query(`SELECT status, error_code AS "errorCode" FROM messaging.messages WHERE id = $1`, [id]);
  }
}
