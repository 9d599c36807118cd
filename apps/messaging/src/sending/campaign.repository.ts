import { Inject, Injectable } from '@nestjs/common';
import { MessageStatusChangedData, MessagingEvents, SendSmsResult } from '@sms/contracts';
import { randomUUID } from 'node:crypto';
import { EventPublisher, PendingEvent } from '@sms/events';
import { DataSource, EntityManager } from 'typeorm';

export interface NewCampaign {
  id: string;
  accountId: string;
  parentAccountId: string | null;
  sender: string;
  text: string;
  segments: number;
  recipients: string[];
  scheduledAt: Date | null;
  /** Recipients on the account's opt-out list: stored `blocked`, not charged. */
  blocked: ReadonlySet<string>;
}

/** Customer campaigns and their messages. Writes take the transaction of the caller. */
@Injectable()
export class CampaignRepository {
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(EventPublisher) private readonly events: EventPublisher,
  ) {}

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
  async insert(em: EntityManager, c: NewCampaign): Promise<void> {
    const createdAt = new Date();
    const dueAt = c.scheduledAt ?? createdAt;
    const charged = c.recipients.length - c.blocked.size;
    const credits = c.segments * charged;
    // Nothing charged (every recipient opted out): no reservation to settle.
    const settledAt = charged === 0 ? createdAt : null;
    await em.query(
      `INSERT INTO messaging.campaigns (id, kind, account_id, parent_account_id, sender, text, segments, recipients, credits, scheduled_at, created_at, blocked, settled_at)
       VALUES ($1, 'customer', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        c.id,
        c.accountId,
        c.parentAccountId,
        c.sender,
        c.text,
        c.segments,
        c.recipients.length,
        credits,
        c.scheduledAt,
        createdAt,
        c.blocked.size,
        settledAt,
      ],
    );
    const ids = c.recipients.map(() => randomUUID());
    await em.query(
      `INSERT INTO messaging.messages (id, campaign_id, recipient, status, due_at)
       SELECT id, $2, recipient, 'queued', $4 FROM unnest($1::uuid[], $3::text[]) AS t(id, recipient)`,
      [ids, c.id, c.recipients, dueAt],
    );
    if (c.blocked.size > 0) await this.markBlocked(em, c, ids, createdAt);
    const submittedAt = createdAt.toISOString();
    await this.events.appendMany(
      em,
      MessagingEvents.messageSubmitted,
      c.recipients.map((recipient, i) => ({
        accountId: c.accountId,
        occurredAt: createdAt,
        data: {
          messageId: ids[i],
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

  /** The blocked recipients' rows become final `blocked` (never due), with their events. */
  private async markBlocked(em: EntityManager, c: NewCampaign, ids: string[], at: Date): Promise<void> {
    const blocked = ids.filter((_, i) => c.blocked.has(c.recipients[i]));
    await em.query(`UPDATE messaging.messages SET status = 'blocked', final_at = $2 WHERE id = ANY($1::uuid[])`, [
      blocked,
      at,
    ]);
    await this.events.appendMany(
      em,
      MessagingEvents.messageStatusChanged,
      blocked.map(
        (messageId): PendingEvent<MessageStatusChangedData> => ({
          accountId: c.accountId,
          occurredAt: at,
          data: {
            messageId,
            campaignId: c.id,
            accountId: c.accountId,
            status: 'blocked',
            at: at.toISOString(),
            errorCode: null,
          },
        }),
      ),
    );
  }
}
