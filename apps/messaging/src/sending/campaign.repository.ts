import { Inject, Injectable } from '@nestjs/common';
import {
  MessagesSubmittedData,
  MessageStatusChangedData,
  MessagingEvents,
  SendSmsResult,
  SUBMITTED_BATCH_MAX,
} from '@sms/contracts';
import { randomUUID } from 'node:crypto';
import { EventPublisher, PendingEvent } from '@sms/events';
import { DataSource, EntityManager } from 'typeorm';
import { pgArrayLiteral } from '@sms/database';
import { appendStatusChanges } from '../shared/status-events';

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
  insert(em: EntityManager, c: NewCampaign): Promise<void> {
    return this.insertMany(em, [c]);
  }

  /**
   * Many campaigns in `em`'s transaction with a fixed number of statements whatever their number:
   * one multi-row insert of the campaigns, one of all their queued messages, one bulk outbox
   * append of the submitted events (one per SUBMITTED_BATCH_MAX messages of a campaign) (plus one UPDATE and one append for opted-out recipients).
   */
  async insertMany(em: EntityManager, campaigns: NewCampaign[]): Promise<void> {
    if (campaigns.length === 0) return;
    const createdAt = new Date();
    await em.query(
      `INSERT INTO messaging.campaigns (id, kind, account_id, parent_account_id, sender, text, segments, recipients, credits, scheduled_at, created_at, blocked, settled_at)
       SELECT id, 'customer', account_id, parent_account_id, sender, text, segments, recipients,
              segments * (recipients - blocked), scheduled_at, $8,
              blocked,
              -- Nothing charged (every recipient opted out): no reservation to settle.
              CASE WHEN recipients = blocked THEN $8::timestamptz END
         FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::int[], $7::int[], $9::timestamptz[], $10::int[])
              WITH ORDINALITY AS c(id, account_id, parent_account_id, sender, text, segments, recipients, scheduled_at, blocked, n)
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
        campaigns.map((c) => c.blocked.size),
      ],
    );
    const messages = campaigns.flatMap((c) =>
      c.recipients.map((recipient) => ({ id: randomUUID(), campaign: c, recipient })),
    );
    // Per message only its id, recipient and campaign's position (array literals built here, see
    // pgArrayLiteral); the campaign id and due time come once per campaign.
    await em.query(
      `INSERT INTO messaging.messages (id, campaign_id, recipient, status, due_at)
       SELECT m.id, c.campaign_id, m.recipient, 'queued', c.due_at
         FROM unnest($1::uuid[], $2::text[], $3::int[]) AS m(id, recipient, n)
         JOIN unnest($4::uuid[], $5::timestamptz[]) WITH ORDINALITY AS c(campaign_id, due_at, n) ON c.n = m.n`,
      [
        pgArrayLiteral(messages.map((m) => m.id)),
        pgArrayLiteral(messages.map((m) => m.recipient)),
        pgArrayLiteral(campaigns.flatMap((c, i) => c.recipients.map(() => i + 1))),
        campaigns.map((c) => c.id),
        campaigns.map((c) => c.scheduledAt ?? createdAt),
      ],
    );
    const blocked = messages.filter((m) => m.campaign.blocked.has(m.recipient));
    if (blocked.length > 0) await this.markBlocked(em, blocked, createdAt);
    // One event per SUBMITTED_BATCH_MAX messages of a campaign, not one per message.
    const submittedAt = createdAt.toISOString();
    const events: PendingEvent<MessagesSubmittedData>[] = [];
    let i = 0;
    for (const c of campaigns) {
      const own = messages.slice(i, i + c.recipients.length);
      i += c.recipients.length;
      for (let from = 0; from < own.length; from += SUBMITTED_BATCH_MAX)
        events.push({
          accountId: c.accountId,
          occurredAt: createdAt,
          data: {
            campaignId: c.id,
            accountId: c.accountId,
            parentAccountId: c.parentAccountId,
            sender: c.sender,
            text: c.text,
            segments: c.segments,
            campaignSize: c.recipients.length,
            submittedAt,
            scheduledAt: c.scheduledAt?.toISOString() ?? null,
            messages: own
              .slice(from, from + SUBMITTED_BATCH_MAX)
              .map(({ id, recipient }) => ({ messageId: id, recipient })),
          },
        });
    }
    await this.events.appendMany(em, MessagingEvents.messagesSubmitted, events);
  }

  /** The blocked recipients' rows become final `blocked` (never due), with their events. */
  private async markBlocked(
    em: EntityManager,
    blocked: { id: string; campaign: NewCampaign }[],
    at: Date,
  ): Promise<void> {
    await em.query(`UPDATE messaging.messages SET status = 'blocked', final_at = $2 WHERE id = ANY($1::uuid[])`, [
      blocked.map((m) => m.id),
      at,
    ]);
    await appendStatusChanges(
      this.events,
      em,
      blocked.map(
        ({ id, campaign: c }): MessageStatusChangedData => ({
          messageId: id,
          campaignId: c.id,
          accountId: c.accountId,
          parentAccountId: c.parentAccountId,
          status: 'blocked',
          at: at.toISOString(),
          errorCode: null,
        }),
      ),
    );
  }
}
