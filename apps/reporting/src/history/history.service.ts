import { Injectable } from '@nestjs/common';
import {
  decodeKeysetCursor,
  encodeKeysetCursor,
  HISTORY_DEFAULT_LIMIT,
  HistoryCommand,
  HistoryPage,
  MessageView,
} from '@sms/contracts';
import { AccountScope } from './account-scope';
import { HistoryRepository, MessageRow } from './history.repository';
import { resolveCriteria } from './message-criteria';

/** NATS replies are capped at 1 MB: a page of long texts ends early, with a cursor. */
const MAX_PAGE_BYTES = 900_000;

@Injectable()
export class HistoryService {
  constructor(
    private readonly scope: AccountScope,
    private readonly history: HistoryRepository,
  ) {}

  async list(cmd: HistoryCommand): Promise<HistoryPage> {
    const accountId = await this.scope.resolve(cmd.actor, cmd.subAccountId);
    const criteria = resolveCriteria(accountId, cmd.query);
    if (cmd.query.cursor) criteria.after = decodeKeysetCursor(cmd.query.cursor);
    const limit = cmd.query.limit ?? HISTORY_DEFAULT_LIMIT;
    const rows = await this.history.page(criteria, limit + 1);

    const items: MessageView[] = [];
    let bytes = 0;
    for (const row of rows.slice(0, limit)) {
      const view = toView(row);
      bytes += Buffer.byteLength(JSON.stringify(view)) + 1;
      if (bytes > MAX_PAGE_BYTES && items.length > 0) break;
      items.push(view);
    }
    const more = rows.length > items.length;
    const last = rows[items.length - 1];
    return {
      items,
      nextCursor: more && last ? encodeKeysetCursor({ submittedAt: last.submittedAt, id: last.id }) : null,
    };
  }
}

function toView(r: MessageRow): MessageView {
  const v: MessageView = {
    id: r.id,
    campaignId: r.campaignId,
    recipient: r.recipient,
    sender: r.sender,
    text: r.text,
    segments: r.segments,
    status: r.status,
    submittedAt: r.submittedAt.toISOString(),
  };
  if (r.deliveredAt) v.deliveredAt = r.deliveredAt.toISOString();
  if (r.errorCode) v.errorCode = r.errorCode;
  return v;
}
