import { Inject, Injectable } from '@nestjs/common';
import { Actor, NotificationListQuery, NotificationPage, ValidationFailedError } from '@sms/contracts';
import { AlertRecord, AlertRepository } from '../delivery/alert.repository';

const CURSOR_PREFIX = 'n1:';

export function encodeCursor(seq: string): string {
  return Buffer.from(`${CURSOR_PREFIX}${seq}`).toString('base64url');
}

/** The seq of the last row of the previous page; a cursor we did not issue is a 400. */
export function decodeCursor(cursor: string): string {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const seq = raw.startsWith(CURSOR_PREFIX) ? raw.slice(CURSOR_PREFIX.length) : '';
  if (!/^[1-9]\d{0,17}$/.test(seq)) {
    throw new ValidationFailedError([{ field: 'cursor', message: 'cursor is not a nextCursor returned by this list' }]);
  }
  return seq;
}

/** GET /account/notifications: the account's alerts, newest first, keyset-paginated. */
@Injectable()
export class NotificationLogService {
  constructor(@Inject(AlertRepository) private readonly alerts: AlertRepository) {}

  async list(actor: Actor, query: NotificationListQuery): Promise<NotificationPage> {
    const limit = query.limit ?? 50;
    const before = query.cursor ? decodeCursor(query.cursor) : null;
    const rows = await this.alerts.listForAccount(actor.accountId, limit + 1, before);
    const page = rows.slice(0, limit);
    return {
      items: page.map(toView),
      nextCursor: rows.length > limit ? encodeCursor(page[page.length - 1].seq) : null,
    };
  }
}

function toView(a: AlertRecord): NotificationPage['items'][number] {
  return {
    id: a.id,
    channel: a.channel,
    recipient: a.recipient,
    sentAt: a.sentAt ? a.sentAt.toISOString() : null,
    status: a.status,
    createdAt: a.createdAt.toISOString(),
    balance: a.balance,
    threshold: a.threshold,
  };
}
