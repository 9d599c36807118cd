import { Injectable } from '@nestjs/common';
import {
  decodeKeysetCursor,
  DEFAULT_TIME_ZONE,
  encodeKeysetCursor,
  INBOX_DEFAULT_LIMIT,
  InboxMessageView,
  InboxPage,
  ListInboxCommand,
  ValidationFailedError,
} from '@sms/contracts';
import { AccountScope } from '../shared/account-scope';
import { InboundRepository, InboundRow, InboxCriteria } from './inbound.repository';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const bound = (v: string) => (DAY.test(v) ? { day: v } : { instant: new Date(v) });

/** GET /inbox: the replies routed to the actor's account, or (owners) to one of its sub-accounts. */
@Injectable()
export class InboxQueryService {
  constructor(
    private readonly inbound: InboundRepository,
    private readonly scope: AccountScope,
  ) {}

  async list(cmd: ListInboxCommand): Promise<InboxPage> {
    const q = cmd.query;
    const criteria: InboxCriteria = {
      accountId: await this.scope.resolve(cmd.actor, q.subAccountId),
      timeZone: q.timeZone ?? DEFAULT_TIME_ZONE,
    };
    if (q.from) criteria.from = bound(q.from);
    if (q.to) criteria.to = bound(q.to);
    if (q.from && q.to && DAY.test(q.from) === DAY.test(q.to)) {
      const before = DAY.test(q.from) ? q.to < q.from : Date.parse(q.to) < Date.parse(q.from);
      if (before) throw new ValidationFailedError([{ field: 'to', message: 'to must not be before from' }]);
    }
    if (q.cursor) criteria.after = decodeKeysetCursor(q.cursor);
    const limit = q.limit ?? INBOX_DEFAULT_LIMIT;
    const rows = await this.inbound.page(criteria, limit + 1);
    const page = rows.slice(0, limit);
    const last = page[page.length - 1];
    return {
      items: page.map(toInboxView),
      nextCursor:
        rows.length > limit && last ? encodeKeysetCursor({ submittedAt: last.receivedAt, id: last.id }) : null,
    };
  }
}

function toInboxView(r: InboundRow): InboxMessageView {
  const view: InboxMessageView = {
    id: r.id,
    from: r.from,
    to: r.to,
    text: r.text,
    receivedAt: r.receivedAt.toISOString(),
  };
  if (r.parentAccountId && r.accountId) view.subAccountId = r.accountId;
  return view;
}
