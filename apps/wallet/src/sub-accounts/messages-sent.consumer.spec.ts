import { mayHoldSent } from './messages-sent.consumer';

describe('mayHoldSent (the sent-count consumer reads only batches that can count)', () => {
  it('skips a batch of delivery reports or cancellations', () => {
    expect(mayHoldSent({ changes: [{ status: 'delivered' }, { status: 'failed' }, { status: 'cancelled' }] })).toBe(
      false,
    );
  });

  it('reads a batch with one sent change among others', () => {
    expect(mayHoldSent({ changes: [{ status: 'delivered' }, { status: 'sent' }] })).toBe(true);
  });

  it('reads what is not a list of changes, so validation dead-letters it', () => {
    for (const data of [null, {}, { changes: 'x' }, { changes: null }]) expect(mayHoldSent(data)).toBe(true);
    expect(mayHoldSent({ changes: [null, 7] })).toBe(false); // a list without `sent`: nothing to count
  });
});
