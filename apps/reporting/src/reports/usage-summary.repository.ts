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

const SUMS = [
  'messages',
  'segments',
  'credits_charged',
  'credits_refunded',
  'delivered',
  'failed',
  'expired',
  'cancelled',
  'blocked',
]
  .map((c) => `sum(${c}) AS ${c}`)
  .join(', ');

/** Reads of reporting.usage_daily; every query takes its scope (an account id) by construction. */
@Injectable()
export class UsageSummaryRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  groups(scope: RollupScope, from: string, to: string, groupBy: SummaryGroupBy): Promise<RollupGroupRow[]> {
    const where = scope.kind === 'tree' ? 'owner_account_id = $1' : 'account_id = $1';
    const id = scope.kind === 'tree' ? scope.ownerAccountId : scope.accountId;
    return this.ds.query(
      `SELECT ${KEY[groupBy]} AS key, ${SUMS} FROM reporting.usage_daily
        WHERE ${where} AND day BETWEEN $2::date AND $3::date
        GROUP BY 1 ORDER BY 1 NULLS FIRST`,
      [id, from, to],
    );
  }
}
