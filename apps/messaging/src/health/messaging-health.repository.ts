import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';

/** The SQL of messaging-health.controller.ts. */
@Injectable()
export class MessagingHealthRepository {
  ping(db: Queryable): Promise<void> {
    return db.query('SELECT 1');
  }
}
