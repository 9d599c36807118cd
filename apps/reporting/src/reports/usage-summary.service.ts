import { Injectable } from '@nestjs/common';
import { SummaryCommand, SummaryGroup, UsageSummary, ValidationFailedError } from '@sms/contracts';
import { AccountScope } from '../history/account-scope';
import { ROLLUP_TIME_ZONE } from '../projection/usage-rollup';
import { RollupGroupRow, RollupScope, UsageSummaryRepository } from './usage-summary.repository';

/** Usage per day, month or sub-account, added up from the daily rollups (never from messages). */
@Injectable()
export class UsageSummaryService {
  constructor(
    private readonly scope: AccountScope,
    private readonly rollups: UsageSummaryRepository,
  ) {}

  async summary(cmd: SummaryCommand): Promise<UsageSummary> {
    const { from, to, subAccountId } = cmd.query;
    const groupBy = cmd.query.groupBy ?? 'day';
    if (!isCalendarDay(from)) throw invalid('from', 'from is not a calendar day');
    if (!isCalendarDay(to)) throw invalid('to', 'to is not a calendar day');
    if (to < from) throw invalid('to', 'to must not be before from');
    const accountId = await this.scope.resolve(cmd.actor, subAccountId);
    // An owner without a sub-account named sees its whole tree; anyone else one account.
    const scope: RollupScope =
      cmd.actor.role === 'owner' && !subAccountId
        ? { kind: 'tree', ownerAccountId: accountId }
        : { kind: 'account', accountId };
    const items = (await this.rollups.groups(scope, from, to, groupBy)).map(toGroup);
    return { from, to, groupBy, timeZone: ROLLUP_TIME_ZONE, items, total: addUp(items) };
  }
}

function invalid(field: string, message: string): ValidationFailedError {
  return new ValidationFailedError([{ field, message }]);
}

function isCalendarDay(day: string): boolean {
  const d = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === day;
}

function rate(delivered: number, failed: number, expired: number): number | null {
  const final = delivered + failed + expired;
  return final === 0 ? null : Math.round((delivered / final) * 10_000) / 10_000;
}

export function toGroup(r: RollupGroupRow): SummaryGroup {
  const n = (v: string) => Number(v);
  const byStatus = {
    delivered: n(r.delivered),
    failed: n(r.failed),
    expired: n(r.expired),
    cancelled: n(r.cancelled),
    blocked: n(r.blocked),
  };
  return {
    key: r.key,
    messages: n(r.messages),
    segments: n(r.segments),
    creditsCharged: n(r.credits_charged),
    creditsRefunded: n(r.credits_refunded),
    netCredits: n(r.credits_charged) - n(r.credits_refunded),
    byStatus,
    deliveryRate: rate(byStatus.delivered, byStatus.failed, byStatus.expired),
  };
}

export function addUp(items: SummaryGroup[]): SummaryGroup {
  const t: SummaryGroup = {
    key: null,
    messages: 0,
    segments: 0,
    creditsCharged: 0,
    creditsRefunded: 0,
    netCredits: 0,
    byStatus: { delivered: 0, failed: 0, expired: 0, cancelled: 0, blocked: 0 },
    deliveryRate: null,
  };
  for (const g of items) {
    t.messages += g.messages;
    t.segments += g.segments;
    t.creditsCharged += g.creditsCharged;
    t.creditsRefunded += g.creditsRefunded;
    t.netCredits += g.netCredits;
    for (const k of Object.keys(t.byStatus) as (keyof SummaryGroup['byStatus'])[]) t.byStatus[k] += g.byStatus[k];
  }
  t.deliveryRate = rate(t.byStatus.delivered, t.byStatus.failed, t.byStatus.expired);
  return t;
}
