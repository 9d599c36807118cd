import type { Schemas } from '../../shared/api/client';
import type { MessageKey } from '../../shared/i18n/it';

export type Campaign = Schemas['CampaignView'];
export type CampaignState = 'scheduled' | 'queued' | 'sending' | 'done' | 'cancelled';

/** Statuses in the order a person reads them; `blocked` comes with replies/opt-outs (#12). */
export const STATUSES = ['queued', 'sent', 'delivered', 'failed', 'expired', 'cancelled', 'blocked'] as const;
const FINAL = new Set(['delivered', 'failed', 'expired', 'cancelled', 'blocked']);

const count = (c: Campaign, status: string): number => c.counts[status] ?? 0;
const total = (c: Campaign): number => Object.values(c.counts).reduce((a, b) => a + (b ?? 0), 0);

/** Where a campaign is, from its counts: nothing of it is stored as a status of its own. */
export function campaignState(c: Campaign, now: Date): CampaignState {
  if (c.cancelledAt) return 'cancelled';
  const queued = count(c, 'queued');
  if (c.scheduledAt && new Date(c.scheduledAt) > now && queued === total(c)) return 'scheduled';
  if (queued === total(c)) return 'queued';
  const final = Object.entries(c.counts).reduce((a, [s, n]) => a + (FINAL.has(s) ? (n ?? 0) : 0), 0);
  if (final === total(c) && count(c, 'cancelled') === total(c)) return 'cancelled';
  return final === total(c) ? 'done' : 'sending';
}

/**
 * The API cancels a campaign that is scheduled, or queued with no message handed to the
 * carrier yet; the console offers the button only then (the API still has the last word: a
 * message handed over meanwhile makes it a 409, shown as it comes).
 */
export function canCancel(c: Campaign, now: Date): boolean {
  const s = campaignState(c, now);
  return s === 'scheduled' || s === 'queued';
}

export const STATE_LABEL: Record<CampaignState, MessageKey> = {
  scheduled: 'camp.state.scheduled',
  queued: 'camp.state.queued',
  sending: 'camp.state.sending',
  done: 'camp.state.done',
  cancelled: 'camp.state.cancelled',
};

/** The statuses with messages, in reading order, then any status the console does not know yet. */
export function countsInOrder(c: Campaign): { status: string; n: number }[] {
  const known: string[] = [...STATUSES];
  const ordered = [
    ...known,
    ...Object.keys(c.counts)
      .filter((s) => !known.includes(s))
      .sort(),
  ];
  return ordered.map((status) => ({ status, n: count(c, status) })).filter((e) => e.n > 0);
}
