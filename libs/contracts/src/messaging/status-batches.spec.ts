import {
  MessageStatusChangedData,
  STATUS_BATCH_MAX,
  statusChangeBatches,
  statusChangeEventId,
  statusChangesOf,
} from './messaging.events';

const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const P = '00000000-0000-4000-8000-0000000000ff';
const C = '00000000-0000-4000-8000-0000000000cc';

function change(i: number, accountId: string, parentAccountId: string | null): MessageStatusChangedData {
  return {
    messageId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    campaignId: C,
    accountId,
    parentAccountId,
    status: i % 2 ? 'sent' : 'failed',
    at: new Date(Date.UTC(2026, 10, 30, 12, 0, i % 60)).toISOString(),
    errorCode: i % 2 ? null : 'ESME_RINVDSTADR',
  };
}

describe('status-changed batch events', () => {
  it('group per account, cut at STATUS_BATCH_MAX, and give back every change as it was, in order', () => {
    const changes = Array.from({ length: 2 * STATUS_BATCH_MAX + 3 }, (_, i) =>
      change(i, i % 3 === 0 ? B : A, i % 3 === 0 ? P : null),
    );
    const batches = statusChangeBatches(changes);
    expect(batches.every((b) => b.changes.length >= 1 && b.changes.length <= STATUS_BATCH_MAX)).toBe(true);
    expect(batches.map((b) => [b.accountId, b.parentAccountId, b.changes.length])).toEqual([
      [A, null, STATUS_BATCH_MAX],
      [A, null, 2 * STATUS_BATCH_MAX + 3 - 135 - STATUS_BATCH_MAX],
      [B, P, 135],
    ]);
    const back = batches.flatMap(statusChangesOf);
    expect(back.filter((c) => c.accountId === A)).toEqual(changes.filter((c) => c.accountId === A));
    expect(back.filter((c) => c.accountId === B)).toEqual(changes.filter((c) => c.accountId === B));
  });

  it('derive one stable id per message of a batch event', () => {
    const batchId = '11111111-1111-4111-8111-111111111111';
    const [m1, m2] = [change(1, A, null).messageId, change(2, A, null).messageId];
    expect(statusChangeEventId(batchId, m1)).toBe(statusChangeEventId(batchId, m1));
    expect(statusChangeEventId(batchId, m1)).not.toBe(statusChangeEventId(batchId, m2));
    expect(statusChangeEventId(batchId, m1)).not.toBe(statusChangeEventId('22222222-2222-4222-8222-222222222222', m1));
    expect(statusChangeEventId(batchId, m1)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
