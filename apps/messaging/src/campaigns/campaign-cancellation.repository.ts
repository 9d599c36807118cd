import { Inject, Injectable } from '@nestjs/common';
import { Actor } from '@sms/contracts';
import { randomUUID } from 'node:crypto';
import { EventPublisher } from '@sms/events';
import { EntityManager } from 'typeorm';
import { appendStatusChanges } from '../shared/status-events';
import { CampaignSendingStartedError } from './campaign.errors';

/**
 * The wallet refund id of the messages one cancellation ($2, random) cancels in one campaign:
 * a uuid from both (version/variant digits set, so validators take it), refunded once, by
 * one call, whatever the retries.
 */
const REFUND_BATCH = `refund_batch = overlay(overlay(md5($2::text || ':' || m.campaign_id::text)
  placing '5' from 13) placing '8' from 17)::uuid`;

interface Cancelled {
  id: string;
  campaignId: string;
  accountId: string;
  parentAccountId: string | null;
}

/**
 * Moves queued messages to `cancelled` (refund owed) with their events, in the caller's
 * transaction. Every path goes through a row lock on the message and a `status = 'queued'`
 * condition, like the dispatcher's claim (FOR UPDATE SKIP LOCKED): a message the dispatcher
 * holds is waited for and then skipped if it was sent; one cancelled first is never claimed.
 * So each message is handed to the carrier or cancelled, never both, whatever the timing.
 */
@Injectable()
export class CampaignCancellationRepository {
  constructor(@Inject(EventPublisher) private readonly events: EventPublisher) {}

  /** Every queued (or scheduled) message of the account's campaigns. */
  async cancelQueuedOfAccount(em: EntityManager, accountId: string): Promise<number> {
    // TypeORM answers an UPDATE … RETURNING as [rows, affected].
    // Locked in id order first, like the delivery-report batches (see DeliveryReportRepository).
    const [rows]: [Cancelled[], number] = await em.query(
      `WITH locked AS MATERIALIZED (
         SELECT m.id FROM messaging.messages m JOIN messaging.campaigns c ON c.id = m.campaign_id
          WHERE c.kind = 'customer' AND c.account_id = $1 AND m.status = 'queued'
          ORDER BY m.id FOR UPDATE OF m
       )
       UPDATE messaging.messages m SET status = 'cancelled', final_at = now(), refund_state = 'due', ${REFUND_BATCH}
         FROM locked l, messaging.campaigns c
        WHERE l.id = m.id AND c.id = m.campaign_id AND c.kind = 'customer' AND c.account_id = $1 AND m.status = 'queued'
       RETURNING m.id, m.campaign_id AS "campaignId", c.account_id AS "accountId",
                 c.parent_account_id AS "parentAccountId"`,
      [accountId, randomUUID()],
    );
    await this.afterCancel(em, rows);
    return rows.length;
  }

  /**
   * Locks the campaign the actor may act on: its own, or for an owner one of its
   * sub-accounts'. Undefined when there is none (a 404, whoever's it is).
   */
  async lockVisible(
    em: EntityManager,
    actor: Actor,
    campaignId: string,
  ): Promise<{ id: string; recipients: number; cancelledAt: Date | null } | undefined> {
    const rows: { id: string; recipients: number; cancelledAt: Date | null }[] = await em.query(
      `SELECT id, recipients, cancelled_at AS "cancelledAt" FROM messaging.campaigns
        WHERE id = $1 AND kind = 'customer' AND (account_id = $2 OR ($3 AND parent_account_id = $2))
        FOR UPDATE`,
      [campaignId, actor.accountId, actor.role === 'owner'],
    );
    return rows[0];
  }

  /**
   * All of the campaign's messages, if every one is still queued and none is being
   * submitted right now (SKIP LOCKED leaves out what the dispatcher holds); else 409.
   */
  async cancelUntouched(em: EntityManager, campaign: { id: string; recipients: number }): Promise<number> {
    const untouched: { id: string }[] = await em.query(
      `SELECT id FROM messaging.messages WHERE campaign_id = $1 AND status = 'queued' FOR UPDATE SKIP LOCKED`,
      [campaign.id],
    );
    if (untouched.length < campaign.recipients) throw new CampaignSendingStartedError();
    // TypeORM answers an UPDATE … RETURNING as [rows, affected].
    const [rows]: [Cancelled[], number] = await em.query(
      `UPDATE messaging.messages m SET status = 'cancelled', final_at = now(), refund_state = 'due', ${REFUND_BATCH}
         FROM messaging.campaigns c
        WHERE c.id = m.campaign_id AND m.campaign_id = $1 AND m.status = 'queued'
       RETURNING m.id, m.campaign_id AS "campaignId", c.account_id AS "accountId",
                 c.parent_account_id AS "parentAccountId"`,
      [campaign.id, randomUUID()],
    );
    await this.afterCancel(em, rows);
    return rows.length;
  }

  private async afterCancel(em: EntityManager, rows: Cancelled[]): Promise<void> {
    if (rows.length === 0) return;
    const campaignIds = [...new Set(rows.map((r) => r.campaignId))];
    await em.query(
      `UPDATE messaging.campaigns SET cancelled_at = now() WHERE id = ANY($1::uuid[]) AND cancelled_at IS NULL`,
      [campaignIds],
    );
    const at = new Date();
    await appendStatusChanges(
      this.events,
      em,
      rows.map((r) => ({
        messageId: r.id,
        campaignId: r.campaignId,
        accountId: r.accountId,
        parentAccountId: r.parentAccountId,
        status: 'cancelled' as const,
        at: at.toISOString(),
        errorCode: null,
      })),
    );
  }
}
