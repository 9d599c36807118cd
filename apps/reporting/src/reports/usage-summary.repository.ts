import { Inject, Injectable } from '@nestjs/common';
import { SummaryGroupBy } from '@sms/contracts';
import { DataSource } from 'typeorm';

/** Whose rollups: an owner's whole tree, one of its sub-accounts, or one account alone. */
export type RollupScope = { kind: 'tree'; ownerAccountId: string } | { kind: 'account'; accountId: string };

export interface RollupGroupRow {
  key: string | null;
  messages: string;
  segments: string;
  credits_charged: string;
  credits_refunded: string;
  delivered: string;
  failed: string;
  expired: string;
  cancelled: string;
  blocked: string;
}

const KEY: Record<SummaryGroupBy, string> = {
  day: `to_char(day, 'YYYY-MM-DD')`,
  month: `to_char(day, 'YYYY-MM')`,
  // The owner's own traffic has no sub-account: key null.
  subAccount: `CASE WHEN account_id = owner_account_id THEN NULL ELSE account_id::text END`,
};

const COUNTERS = [
  'messages',
  'segments',
  'credits_charged',
  'credits_refunded',
  'delivered',
  'failed',
  'expired',
  'cancelled',
  'blocked',
];
const COLUMNS = COUNTERS.join(', ');
const SUMS = COUNTERS.map((c) => `sum(${c}) AS ${c}`).join(', ');

/**
 * The whole months inside [from, to] (first day inclusive, end exclusive), read from the monthly
 * rollups; the days outside them come from the daily rollups. Null when no month is whole.
 */
export function wholeMonths(from: string, to: string): { start: string; end: string } | null {
  const nextMonth = (day: string) => {
    const d = new Date(`${day.slice(0, 7)}-01T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() + 1);
    return d.toISOString().slice(0, 10);
  };
  const nextDay = new Date(Date.parse(`${to}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  const start = from.endsWith('-01') ? from : nextMonth(from);
  const end = nextDay.endsWith('-01') ? nextDay : `${to.slice(0, 7)}-01`;
  return start < end ? { start, end } : null;
}

/** Reads of the usage rollups; every query takes its scope (an account id) by construction. */
@Injectable()
export class UsageSummaryRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  groups(scope: RollupScope, from: string, to: string, groupBy: SummaryGroupBy): Promise<RollupGroupRow[]> {
    const where = scope.kind === 'tree' ? 'owner_account_id = $1' : 'account_id = $1';
    const id = scope.kind === 'tree' ? scope.ownerAccountId : scope.accountId;
    const months = groupBy === 'day' ? null : wholeMonths(from, to);
    if (!months) {
      return this.ds.query(
        `SELECT ${KEY[groupBy]} AS key, ${SUMS} FROM reporting.usage_daily
          WHERE ${where} AND day BETWEEN $2::date AND $3::date
          GROUP BY 1 ORDER BY 1 NULLS FIRST`,
        [id, from, to],
      );
    }
    return this.ds.query(
      `SELECT ${KEY[groupBy]} AS key, ${SUMS} FROM (
         SELECT owner_account_id, account_id, day, ${COLUMNS} FROM reporting.usage_daily
          WHERE ${where} AND ((day >= $2::date AND day < $4::date) OR (day >= $5::date AND day <= $3::date))
         UNION ALL
         SELECT owner_account_id, account_id, month, ${COLUMNS} FROM reporting.usage_monthly
          WHERE ${where} AND month >= $4::date AND month < $5::date
       ) AS r
       GROUP BY 1 ORDER BY 1 NULLS FIRST`,
      [id, from, to, months.start, months.end],
    );
  }
}
