import { Inject, Injectable } from '@nestjs/common';
import { MessageSubmittedData, MessagingEvents, SendSmsResult } from '@sms/contracts';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { appendMessagingEvents } from '../shared/outbox-bulk';

export interface NewCampaign {
  id: string;
  accountId: string;
  parentAccountId: string | null;
  sender: string;
  text: string;
  segments: number;
  recipients: string[];
  scheduledAt: Date | null;
}

/** Customer campaigns and their messages. Writes take the transaction of the caller. */
@Injectable()
export class CampaignRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** The stored response of an Idempotency-Key already used by this account, if any. */
  async findKey(
    accountId: string,
    key: string,
  ): Promise<{ requestHash: string; response: SendSmsResult | null } | undefined> {
    const rows: { requestHash: string; response: SendSmsResult | null }[] = await this.ds.query(
      `SELECT request_hash AS "requestHash", response FROM messaging.idempotency_keys WHERE account_id = $1 AND key = $2`,
      [accountId, key],
    );
    return rows[0];
  }

  async exists(accountId: string, campaignId: string): Promise<boolean> {
    const rows: unknown[] = await this.ds.query(`SELECT 1 FROM messaging.campaigns WHERE id = $1 AND account_id = $2`, [
      campaignId,
      accountId,
    ]);
    return rows.length > 0;
  }

  /** Campaign, one queued message per recipient and their submitted events, in `em`'s transaction. */
  insert(em: EntityManager, c: NewCampaign): Promise<void> {
    return this.insertMany(em, [c]);
  }

  /**
   * Many campaigns in `em`'s transaction with three statements whatever their number: one
   * multi-row insert of the campaigns, one of all their queued messages, one bulk outbox append
   * of the submitted events (not one round trip per campaign or per recipient).
   */
  async insertMany(em: EntityManager, campaigns: NewCampaign[]): Promise<void> {
    if (campaigns.length === 0) return;
    const createdAt = new Date();
    await em.query(
      `INSERT INTO messaging.campaigns (id, kind, account_id, parent_account_id, sender, text, segments, recipients, credits, scheduled_at, created_at)
       SELECT id, 'customer', account_id, parent_account_id, sender, text, segments, recipients, segments * recipients, scheduled_at, $8
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::int[], $9::timestamptz[])
              WITH ORDINALITY AS c(id, account_id, parent_account_id, sender, text, segments, recipients, scheduled_at, n)
        ORDER BY n`,
      [
        campaigns.map((c) => c.id),
        campaigns.map((c) => c.accountId),
        campaigns.map((c) => c.parentAccountId),
        campaigns.map((c) => c.sender),
        campaigns.map((c) => c.text),
        campaigns.map((c) => c.segments),
        campaigns.map((c) => c.recipients.length),
        createdAt,
        campaigns.map((c) => c.scheduledAt),
      ],
    );
    const messages = campaigns.flatMap((c) =>
      c.recipients.map((recipient) => ({ id: randomUUID(), campaign: c, recipient })),
    );
    await em.query(
      `INSERT INTO messaging.messages (id, campaign_id, recipient, status, due_at)
       SELECT id, campaign_id, recipient, 'queued', due_at
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::timestamptz[]) AS t(id, campaign_id, recipient, due_at)`,
      [
        messages.map((m) => m.id),
        messages.map((m) => m.campaign.id),
        messages.map((m) => m.recipient),
        messages.map((m) => m.campaign.scheduledAt ?? createdAt),
      ],
    );
    const submittedAt = createdAt.toISOString();
    await appendMessagingEvents<MessageSubmittedData>(
      em,
      messages.map(({ id, campaign: c, recipient }) => ({
        type: MessagingEvents.messageSubmitted,
        accountId: c.accountId,
        occurredAt: createdAt,
        data: {
          messageId: id,
          campaignId: c.id,
          accountId: c.accountId,
          parentAccountId: c.parentAccountId,
          recipient,
          sender: c.sender,
          text: c.text,
          segments: c.segments,
          campaignSize: c.recipients.length,
          submittedAt,
          scheduledAt: c.scheduledAt?.toISOString() ?? null,
        },
      })),
    );
  }
}
