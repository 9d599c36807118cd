import { Inject, Injectable } from '@nestjs/common';
import { MessageStatus } from '@sms/contracts';
import { DataSource } from 'typeorm';
import { criteriaSql, MessageCriteria } from './message-criteria';

export interface MessageRow {
  id: string;
  campaignId: string;
  recipient: string;
  sender: string;
  text: string;
  segments: number;
  status: MessageStatus;
  submittedAt: Date;
  deliveredAt: Date | null;
  errorCode: string | null;
}

export const MESSAGE_COLUMNS = `id, campaign_id AS "campaignId", recipient, sender, text, segments, status,
  submitted_at AS "submittedAt", delivered_at AS "deliveredAt", error_code AS "errorCode"`;

/** Reads of the history read model; the criteria always carry the account id. */
@Injectable()
export class HistoryRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /** Up to `limit` rows, newest first, strictly after `criteria.after`. */
  page(criteria: MessageCriteria, limit: number): Promise<MessageRow[]> {
    const { where, params } = criteriaSql(criteria);
    params.push(limit);
    return this.ds.query(
      `SELECT ${MESSAGE_COLUMNS} FROM reporting.messages WHERE ${where}
       ORDER BY submitted_at DESC, id DESC LIMIT $${params.length}`,
      params,
    );
  }
}
