import { Inject, Injectable } from '@nestjs/common';
import { Actor, CampaignCounts, CampaignView, KeysetPosition } from '@sms/contracts';
import { DataSource } from 'typeorm';

/** A bound is an instant, or a calendar day resolved by PostgreSQL in `timeZone` (DST-safe). */
export type Bound = { instant: Date } | { day: string };

export interface CampaignCriteria {
  accountId: string;
  timeZone: string;
  from?: Bound;
  /** Inclusive: an instant, or the whole of that day. */
  to?: Bound;
  after?: KeysetPosition;
}

interface CampaignRow {
  id: string;
  accountId: string;
  createdAt: Date;
  scheduledAt: Date | null;
  cancelledAt: Date | null;
  sender: string;
  recipients: number;
  segments: number;
  credits: number;
}

const COLUMNS = `c.id, c.account_id AS "accountId", c.created_at AS "createdAt", c.scheduled_at AS "scheduledAt",
  c.cancelled_at AS "cancelledAt", c.sender, c.recipients, c.segments, c.credits`;

/**
 * The campaign read model: messaging's own tables (campaigns, and messages counted per
 * status at read time through the (campaign_id, recipient) index). Every query names the account.
 */
@Injectable()
export class CampaignQueryRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Newest first, keyset on (created_at, id): an index range scan of one account. */
  async page(c: CampaignCriteria, limit: number): Promise<CampaignRow[]> {
    const params: unknown[] = [c.accountId];
    const parts = [`c.kind = 'customer'`, 'c.account_id = $1'];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    let tzParam: string | undefined;
    const tz = () => (tzParam ??= param(c.timeZone));
    if (c.from) {
      parts.push(
        'day' in c.from
          ? `c.created_at >= (${param(c.from.day)}::date::timestamp AT TIME ZONE ${tz()})`
          : `c.created_at >= ${param(c.from.instant)}`,
      );
    }
    if (c.to) {
      parts.push(
        'day' in c.to
          ? `c.created_at < ((${param(c.to.day)}::date + 1)::timestamp AT TIME ZONE ${tz()})`
          : `c.created_at <= ${param(c.to.instant)}`,
      );
    }
    if (c.after) parts.push(`(c.created_at, c.id) < (${param(c.after.submittedAt)}, ${param(c.after.id)})`);
    return this.ds.query(
      `SELECT ${COLUMNS} FROM messaging.campaigns c
        WHERE ${parts.join(' AND ')}
        ORDER BY c.created_at DESC, c.id DESC LIMIT ${param(limit)}`,
      params,
    );
  }

  /** The actor's campaign, or (owners) one of its sub-accounts'. */
  async findVisible(actor: Actor, campaignId: string): Promise<CampaignRow | undefined> {
    const rows: CampaignRow[] = await this.ds.query(
      `SELECT ${COLUMNS} FROM messaging.campaigns c
        WHERE c.id = $1 AND c.kind = 'customer' AND (c.account_id = $2 OR ($3 AND c.parent_account_id = $2))`,
      [campaignId, actor.accountId, actor.role === 'owner'],
    );
    return rows[0];
  }

  async counts(campaignIds: string[]): Promise<Map<string, CampaignCounts>> {
    const out = new Map<string, CampaignCounts>(campaignIds.map((id) => [id, {}]));
    if (campaignIds.length === 0) return out;
    const rows: { campaignId: string; status: keyof CampaignCounts; n: number }[] = await this.ds.query(
      `SELECT campaign_id AS "campaignId", status, count(*)::int AS n FROM messaging.messages
        WHERE campaign_id = ANY($1::uuid[]) GROUP BY campaign_id, status`,
      [campaignIds],
    );
    for (const r of rows) out.get(r.campaignId)![r.status] = r.n;
    return out;
  }
}

export function toCampaignView(r: CampaignRow, counts: CampaignCounts): CampaignView {
  return {
    id: r.id,
    accountId: r.accountId,
    submittedAt: r.createdAt.toISOString(),
    scheduledAt: r.scheduledAt?.toISOString() ?? null,
    cancelledAt: r.cancelledAt?.toISOString() ?? null,
    sender: r.sender,
    recipients: r.recipients,
    segments: r.segments,
    creditsCharged: r.credits,
    counts,
  };
}
