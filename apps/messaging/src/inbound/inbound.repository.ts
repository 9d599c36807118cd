import { Inject, Injectable } from '@nestjs/common';
import { KeysetPosition } from '@sms/contracts';
import { DataSource, EntityManager } from 'typeorm';
import type { Bound } from '../campaigns/campaign-query.repository';

/** How long after a message a reply from its handset is still routed to its sender. */
export const REPLY_WINDOW_DAYS = 7;

export interface ReplyRoute {
  accountId: string;
  parentAccountId: string | null;
  messageId: string;
}

export interface InboundRow {
  id: string;
  accountId: string | null;
  parentAccountId: string | null;
  from: string;
  to: string;
  text: string;
  receivedAt: Date;
  repliedMessageId: string | null;
  stop: boolean;
}

export interface InboxCriteria {
  accountId: string;
  timeZone: string;
  from?: Bound;
  to?: Bound;
  after?: KeysetPosition;
}

const COLUMNS = `id, account_id AS "accountId", parent_account_id AS "parentAccountId", from_number AS "from",
  to_number AS "to", text, received_at AS "receivedAt", replied_message_id AS "repliedMessageId", stop`;

/** Replies (mobile-originated SMS). Reads of the inbox name the account. */
@Injectable()
export class InboundRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * The account whose message to `handset` from `number` went to the carrier last, within the
   * reply window (messages_recipient_sent_idx). Reads committed hand-overs only, so concurrent
   * dispatchers and replicas agree: the latest sent_at wins, ties broken by id.
   */
  async routeFor(em: EntityManager, handset: string, number: string, at: Date): Promise<ReplyRoute | undefined> {
    const rows: ReplyRoute[] = await em.query(
      `SELECT c.account_id AS "accountId", c.parent_account_id AS "parentAccountId", m.id AS "messageId"
         FROM messaging.messages m JOIN messaging.campaigns c ON c.id = m.campaign_id
        WHERE m.recipient = $1 AND m.sent_at IS NOT NULL AND m.sent_at > $3::timestamptz - make_interval(days => $4)
          AND c.sender = $2 AND c.kind = 'customer'
        ORDER BY m.sent_at DESC, m.id DESC LIMIT 1`,
      [handset, number, at, REPLY_WINDOW_DAYS],
    );
    return rows[0];
  }

  async insert(em: EntityManager, r: InboundRow): Promise<void> {
    await em.query(
      `INSERT INTO messaging.inbound_messages
         (id, account_id, parent_account_id, from_number, to_number, text, received_at, replied_message_id, stop)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [r.id, r.accountId, r.parentAccountId, r.from, r.to, r.text, r.receivedAt, r.repliedMessageId, r.stop],
    );
  }

  /** Newest first, keyset on (received_at, id); a day is resolved by PostgreSQL in timeZone. */
  async page(c: InboxCriteria, limit: number): Promise<InboundRow[]> {
    const params: unknown[] = [c.accountId];
    const parts = ['account_id = $1'];
    const param = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    let tzParam: string | undefined;
    const tz = () => (tzParam ??= param(c.timeZone));
    if (c.from) {
      parts.push(
        'day' in c.from
          ? `received_at >= (${param(c.from.day)}::date::timestamp AT TIME ZONE ${tz()})`
          : `received_at >= ${param(c.from.instant)}`,
      );
    }
    if (c.to) {
      parts.push(
        'day' in c.to
          ? `received_at < ((${param(c.to.day)}::date + 1)::timestamp AT TIME ZONE ${tz()})`
          : `received_at <= ${param(c.to.instant)}`,
      );
    }
    if (c.after) parts.push(`(received_at, id) < (${param(c.after.submittedAt)}, ${param(c.after.id)})`);
    return this.ds.query(
      `SELECT ${COLUMNS} FROM messaging.inbound_messages
        WHERE ${parts.join(' AND ')}
        ORDER BY received_at DESC, id DESC LIMIT ${param(limit)}`,
      params,
    );
  }
}
