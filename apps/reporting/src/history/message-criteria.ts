import {
  DEFAULT_TIME_ZONE,
  KeysetPosition,
  MessageFilter,
  startOfDay,
  startOfNextDay,
  ValidationFailedError,
} from '@sms/contracts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A validated, resolved filter: the SQL side only ever sees instants. */
export interface MessageCriteria {
  accountId: string;
  /** Inclusive. */
  from?: Date;
  /** Exclusive (a day `to` is resolved to the start of the next day). */
  toExclusive?: Date;
  /** Inclusive (an instant `to`). */
  toInclusive?: Date;
  recipient?: string;
  minCampaignSize?: number;
  after?: KeysetPosition;
}

export function resolveCriteria(accountId: string, f: MessageFilter): MessageCriteria {
  const tz = f.timeZone ?? DEFAULT_TIME_ZONE;
  const c: MessageCriteria = { accountId, recipient: f.recipient, minCampaignSize: f.minCampaignSize };
  if (f.from) c.from = DAY.test(f.from) ? startOfDay(f.from, tz) : new Date(f.from);
  if (f.to) {
    if (DAY.test(f.to)) c.toExclusive = startOfNextDay(f.to, tz);
    else c.toInclusive = new Date(f.to);
  }
  const upper = c.toExclusive ?? c.toInclusive;
  if (c.from && upper && (c.toExclusive ? c.from >= upper : c.from > upper)) {
    throw new ValidationFailedError([{ field: 'to', message: 'to must not be before from' }]);
  }
  return c;
}

/** WHERE clause and parameters for criteria (parameters start at $1). */
export function criteriaSql(c: MessageCriteria): { where: string; params: unknown[] } {
  const params: unknown[] = [c.accountId];
  const parts = ['account_id = $1', 'submitted_at IS NOT NULL'];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    parts.push(sql.replace('?', `$${params.length}`));
  };
  if (c.from) add('submitted_at >= ?', c.from);
  if (c.toExclusive) add('submitted_at < ?', c.toExclusive);
  if (c.toInclusive) add('submitted_at <= ?', c.toInclusive);
  if (c.recipient) add('recipient = ?', c.recipient);
  if (c.minCampaignSize) add('campaign_size >= ?', c.minCampaignSize);
  if (c.after) {
    params.push(c.after.submittedAt, c.after.id);
    parts.push(`(submitted_at, id) < ($${params.length - 1}, $${params.length})`);
  }
  return { where: parts.join(' AND '), params };
}
