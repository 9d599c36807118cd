import { MessageState, rollupDelta } from './usage-rollup';

const msg = (over: Partial<MessageState> = {}): MessageState => ({
  id: 'm1',
  accountId: 'sub',
  parentAccountId: 'owner',
  day: '2026-05-01',
  segments: 3,
  status: 'queued',
  ...over,
});

describe('rollupDelta', () => {
  it('adds a message once it is submitted, under its owner, account and day', () => {
    const d = rollupDelta([], [msg()]);
    expect([...d.keys()]).toEqual(['owner|sub|2026-05-01']);
    expect(d.get('owner|sub|2026-05-01')).toMatchObject({
      messages: 1,
      segments: 3,
      credits_charged: 3,
      credits_refunded: 0,
    });
  });

  it('counts nothing for a status-only row', () => {
    expect(rollupDelta([], [msg({ day: null, segments: null, status: 'failed' })]).size).toBe(0);
  });

  it('moves a message from pending to failed as a refund, without counting it twice', () => {
    const d = rollupDelta([msg({ status: 'sent' })], [msg({ status: 'failed' })]);
    expect([...d.values()]).toEqual([
      {
        messages: 0,
        segments: 0,
        credits_charged: 0,
        credits_refunded: 3,
        delivered: 0,
        failed: 1,
        expired: 0,
        cancelled: 0,
        blocked: 0,
      },
    ]);
  });

  it('adds nothing when the row did not change (a replayed event)', () => {
    expect(rollupDelta([msg({ status: 'delivered' })], [msg({ status: 'delivered' })]).size).toBe(0);
  });

  it('charges nothing for a blocked message and files an owner’s own traffic under itself', () => {
    const d = rollupDelta([], [msg({ accountId: 'owner', parentAccountId: null, status: 'blocked' })]);
    expect(d.get('owner|owner|2026-05-01')).toMatchObject({ messages: 1, credits_charged: 0, blocked: 1 });
  });
});
