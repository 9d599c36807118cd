import { Inject, Injectable } from '@nestjs/common';
import { KeysetPosition, OptOutSource, OptOutView } from '@sms/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';

interface OptOutRow {
  id: string;
  phone: string;
  source: OptOutSource;
  createdAt: Date;
}

const COLUMNS = `id, phone, source, created_at AS "createdAt"`;

/** Each account's opt-out list. Every query names the account. */
@Injectable()
export class OptOutRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Which of `phones` are on the account's list (one index probe per number). */
  async among(em: EntityManager, accountId: string, phones: string[]): Promise<Set<string>> {
    if (phones.length === 0) return new Set();
    const rows: { phone: string }[] = await em.query(
      `SELECT phone FROM messaging.opt_outs WHERE account_id = $1 AND phone = ANY($2::text[])`,
      [accountId, phones],
    );
    return new Set(rows.map((r) => r.phone));
  }

  /** Adds the number (a repeat keeps the first entry and its source) and returns the entry. */
  async add(em: EntityManager, accountId: string, phone: string, source: OptOutSource): Promise<OptOutRow> {
    await em.query(
      `INSERT INTO messaging.opt_outs (id, account_id, phone, source) VALUES ($1, $2, $3, $4)
       ON CONFLICT (account_id, phone) DO NOTHING`,
      [randomUUID(), accountId, phone, source],
    );
    const rows: OptOutRow[] = await em.query(
      `SELECT ${COLUMNS} FROM messaging.opt_outs WHERE account_id = $1 AND phone = $2`,
      [accountId, phone],
    );
    return rows[0];
  }

  /** True when the number was on the list. */
  async remove(accountId: string, phone: string): Promise<boolean> {
    const [, count]: [unknown, number] = await this.ds.query(
      `DELETE FROM messaging.opt_outs WHERE account_id = $1 AND phone = $2`,
      [accountId, phone],
    );
    return count > 0;
  }

  /** Newest first, keyset on (created_at, id). */
  async page(accountId: string, after: KeysetPosition | undefined, limit: number): Promise<OptOutRow[]> {
    return this.ds.query(
      `SELECT ${COLUMNS} FROM messaging.opt_outs
        WHERE account_id = $1 ${after ? 'AND (created_at, id) < ($3, $4)' : ''}
        ORDER BY created_at DESC, id DESC LIMIT $2`,
      after ? [accountId, limit, after.submittedAt, after.id] : [accountId, limit],
    );
  }
}

export function toOptOutView(r: OptOutRow): OptOutView {
  return { id: r.id, phone: r.phone, source: r.source, createdAt: r.createdAt.toISOString() };
}
