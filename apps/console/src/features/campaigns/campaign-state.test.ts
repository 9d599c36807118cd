import { describe, expect, it } from 'vitest';
import { campaignState, canCancel, countsInOrder, type Campaign } from './campaign-state';

const now = new Date('2026-11-30T10:00:00Z');
const base: Campaign = {
  id: 'c1',
  accountId: 'a1',
  submittedAt: '2026-11-30T09:00:00Z',
  sender: 'ACME',
  recipients: 3,
  segments: 1,
  creditsCharged: 3,
  counts: { queued: 3 },
};

describe('campaign state', () => {
  it('is scheduled while its time is ahead and nothing left, and may be cancelled', () => {
    const c = { ...base, scheduledAt: '2026-12-01T08:00:00Z' };
    expect(campaignState(c, now)).toBe('scheduled');
    expect(canCancel(c, now)).toBe(true);
  });

  it('is queued with every message queued, and may be cancelled', () => {
    expect(campaignState(base, now)).toBe('queued');
    expect(canCancel(base, now)).toBe(true);
  });

  it('is sending once a message reached the carrier: no cancel button any more', () => {
    const c = { ...base, counts: { queued: 1, sent: 1, delivered: 1 } };
    expect(campaignState(c, now)).toBe('sending');
    expect(canCancel(c, now)).toBe(false);
  });

  it('is done when every message has a final status', () => {
    const c = { ...base, counts: { delivered: 2, failed: 1 } };
    expect(campaignState(c, now)).toBe('done');
    expect(canCancel(c, now)).toBe(false);
  });

  it('is cancelled once cancelledAt is set, whatever the counts say yet', () => {
    const c = { ...base, cancelledAt: '2026-11-30T09:30:00Z' };
    expect(campaignState(c, now)).toBe('cancelled');
    expect(canCancel(c, now)).toBe(false);
  });

  it('lists counts in reading order, skipping empty ones, unknown statuses last', () => {
    const c = { ...base, counts: { failed: 1, delivered: 5, queued: 0, later: 2 } };
    expect(countsInOrder(c)).toEqual([
      { status: 'delivered', n: 5 },
      { status: 'failed', n: 1 },
      { status: 'later', n: 2 },
    ]);
  });
});
