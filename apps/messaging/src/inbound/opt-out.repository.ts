import { Inject, Injectable } from '@nestjs/common';
import { KeysetPosition, OptOutSource, OptOutView } from '@sms/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { pgArrayLiteral } from '@sms/database';
import { Outcome, TickBatcher } from '../shared/tick-batcher';

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
  /** `among` of concurrent sends, one query per tick (a batch stops growing at 10,000 numbers). */
  private readonly lookups = new TickBatcher<{ accountId: string; phones: string[] }, Set<string>>(
    (items) => this.amongMany(items),
    500,
    4,
    (item) => item.phones.length,
    10_000,
  );

  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** `among` outside a transaction, grouped with the lookups of concurrent sends into one query. */
  amongBatched(accountId: string, phones: string[]): Promise<Set<string>> {
    if (phones.length === 0) return Promise.resolve(new Set());
    return this.lookups.submit({ accountId, phones });
  }

  private async amongMany(items: { accountId: string; phones: string[] }[]): Promise<Outcome<Set<string>>[]> {
    if (items.length === 1) return [{ ok: await this.among(this.ds.manager, items[0].accountId, items[0].phones) }];
    const rows: { accountId: string; phone: string }[] = await this.ds.query(
      `SELECT o.account_id AS "accountId", o.phone FROM messaging.opt_outs o
         JOIN unnest($1::uuid[], $2::text[]) AS q(account_id, phone)
           ON o.account_id = q.account_id AND o.phone = q.phone`,
      [
        pgArrayLiteral(items.flatMap((i) => i.phones.map(() => i.accountId))),
        pgArrayLiteral(items.flatMap((i) => i.phones)),
      ],
    );
    const listed = new Set(rows.map((r) => `${r.accountId} ${r.phone}`));
    return items.map((i) => ({ ok: new Set(i.phones.filter((p) => listed.has(`${i.accountId.toLowerCase()} ${p}`))) }));
  }

  /** Which of `phones` are on the account's list (one index probe per number). */
  async among(em: EntityManager, accountId: string, phones: string[]): Promise<Set<string>> {
    if (phones.length === 0) return new Set();
    const rows: { phone: string }[] = await em.query(
      `SELECT phone FROM messaging.opt_outs WHERE account_id = $1 AND phone = ANY($2::text[])`,
      [accountId, pgArrayLiteral(phones)],
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
