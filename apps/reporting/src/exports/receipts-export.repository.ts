import { Injectable } from '@nestjs/common';
import type { Queryable } from '@sms/database';

export interface ExportRow {
  submittedMs: number;
  deliveredMs: number | null;
  recipient: string;
  sender: string;
  text: string;
  segments: number;
  status: string;
  errorCode: string | null;
  campaignId: string;
}

// Times as epoch milliseconds: a float parses far faster than pg's timestamptz text, which
// matters over a million rows.
const EXPORT_COLUMNS = `(extract(epoch FROM submitted_at) * 1000)::float8 AS "submittedMs",
  (extract(epoch FROM delivered_at) * 1000)::float8 AS "deliveredMs", recipient, sender, text, segments, status,
  error_code AS "errorCode", campaign_id AS "campaignId"`;

/** The SQL of receipts-export.service.ts. */
@Injectable()
export class ReceiptsExportRepository {
  cancelBackend(db: Queryable, pid: number): Promise<unknown> {
    return db.query('SELECT pg_cancel_backend($1)', [pid]);
  }

  tryLock(db: Queryable, lockClass: number, accountId: string): Promise<{ locked: boolean; pid: number }[]> {
    return db.query('SELECT pg_try_advisory_lock($1, hashtext($2)) AS locked, pg_backend_pid() AS pid', [
      lockClass,
      accountId,
    ]);
  }

  unlockAll(db: Queryable): Promise<unknown> {
    return db.query('SELECT pg_advisory_unlock_all()');
  }

  beginSnapshot(db: Queryable): Promise<void> {
    return db.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
  }

  commit(db: Queryable): Promise<void> {
    return db.query('COMMIT');
  }

  rollback(db: Queryable): Promise<unknown> {
    return db.query('ROLLBACK');
  }

  declareCursor(db: Queryable, where: string, params: unknown[]): Promise<void> {
    return db.query(
      `DECLARE receipts NO SCROLL CURSOR FOR SELECT ${EXPORT_COLUMNS}
           FROM reporting.messages WHERE ${where} ORDER BY submitted_at, id`,
      params,
    );
  }

  fetch(db: Queryable, rows: number): Promise<ExportRow[]> {
    return db.query(`FETCH ${rows} FROM receipts`);
  }
}
