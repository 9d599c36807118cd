import { Injectable } from '@nestjs/common';
import {
  CampaignCommand,
  CampaignPage,
  CAMPAIGNS_DEFAULT_LIMIT,
  CampaignView,
  decodeKeysetCursor,
  DEFAULT_TIME_ZONE,
  encodeKeysetCursor,
  ListCampaignsCommand,
  NotFoundError,
  ValidationFailedError,
} from '@sms/contracts';
import { AccountScope } from '../shared/account-scope';
import { Bound, CampaignCriteria, CampaignQueryRepository, toCampaignView } from './campaign-query.repository';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const bound = (v: string): Bound => (DAY.test(v) ? { day: v } : { instant: new Date(v) });

/** GET /campaigns and GET /campaigns/{id}. */
@Injectable()
export class CampaignQueryService {
  constructor(
    private readonly campaigns: CampaignQueryRepository,
    private readonly scope: AccountScope,
  ) {}

  async list(cmd: ListCampaignsCommand): Promise<CampaignPage> {
    const q = cmd.query;
    const criteria: CampaignCriteria = {
      accountId: await this.scope.resolve(cmd.actor, q.subAccountId),
      timeZone: q.timeZone ?? DEFAULT_TIME_ZONE,
    };
    if (q.from) criteria.from = bound(q.from);
    if (q.to) criteria.to = bound(q.to);
    if (q.from && q.to && toBeforeFrom(q.from, q.to)) {
      throw new ValidationFailedError([{ field: 'to', message: 'to must not be before from' }]);
    }
    if (q.cursor) criteria.after = decodeKeysetCursor(q.cursor);
    const limit = q.limit ?? CAMPAIGNS_DEFAULT_LIMIT;
    const rows = await this.campaigns.page(criteria, limit + 1);
    const page = rows.slice(0, limit);
    const counts = await this.campaigns.counts(page.map((r) => r.id));
    const last = page[page.length - 1];
    return {
      items: page.map((r) => toCampaignView(r, counts.get(r.id)!)),
      nextCursor: rows.length > limit && last ? encodeKeysetCursor({ submittedAt: last.createdAt, id: last.id }) : null,
    };
  }

  async get(cmd: CampaignCommand): Promise<CampaignView> {
    const row = await this.campaigns.findVisible(cmd.actor, cmd.campaignId);
    if (!row) throw new NotFoundError('Campaign');
    const counts = await this.campaigns.counts([row.id]);
    return toCampaignView(row, counts.get(row.id)!);
  }
}

/** Days compare as strings; instants as times; a day against an instant is left to the query. */
function toBeforeFrom(from: string, to: string): boolean {
  const fromDay = DAY.test(from);
  if (fromDay !== DAY.test(to)) return false;
  return fromDay ? to < from : Date.parse(to) < Date.parse(from);
}
