import { Injectable } from '@nestjs/common';
import {
  Actor,
  CampaignCommand,
  CampaignPage,
  CAMPAIGNS_DEFAULT_LIMIT,
  CampaignView,
  decodeKeysetCursor,
  DEFAULT_TIME_ZONE,
  encodeKeysetCursor,
  ListCampaignsCommand,
  NotFoundError,
  RemoteProblemError,
  ValidationFailedError,
  WalletRpc,
} from '@sms/contracts';
import { RpcClient } from '@sms/nats';
import { Bound, CampaignCriteria, CampaignQueryRepository, toCampaignView } from './campaign-query.repository';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const bound = (v: string): Bound => (DAY.test(v) ? { day: v } : { instant: new Date(v) });

/** GET /campaigns and GET /campaigns/{id}. */
@Injectable()
export class CampaignQueryService {
  constructor(
    private readonly campaigns: CampaignQueryRepository,
    private readonly rpc: RpcClient,
  ) {}

  async list(cmd: ListCampaignsCommand): Promise<CampaignPage> {
    const q = cmd.query;
    const criteria: CampaignCriteria = {
      accountId: await this.scope(cmd.actor, q.subAccountId),
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

  /**
   * Whose campaigns: the actor's own, or for an owner one of its sub-accounts (the wallet owns
   * sub-accounts, so it is asked). A manager naming any account but its own gets a 404.
   */
  private async scope(actor: Actor, subAccountId?: string): Promise<string> {
    if (!subAccountId || subAccountId.toLowerCase() === actor.accountId.toLowerCase()) return actor.accountId;
    if (actor.role !== 'owner') throw new NotFoundError('Sub-account');
    try {
      await this.rpc.send(WalletRpc.getSubAccount, { actor, subAccountId });
    } catch (err) {
      if (err instanceof RemoteProblemError && (err.problem.status === 404 || err.problem.status === 403)) {
        throw new NotFoundError('Sub-account');
      }
      throw err;
    }
    return subAccountId.toLowerCase();
  }
}

/** Days compare as strings; instants as times; a day against an instant is left to the query. */
function toBeforeFrom(from: string, to: string): boolean {
  const fromDay = DAY.test(from);
  if (fromDay !== DAY.test(to)) return false;
  return fromDay ? to < from : Date.parse(to) < Date.parse(from);
}
