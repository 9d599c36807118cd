import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  MessagesSubmittedEvent,
  MessageStatusChangedData,
  MessageStatusesChangedEvent,
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
      [B, P, 135], // the first change is B's
      [A, null, STATUS_BATCH_MAX],
      [A, null, 2 * STATUS_BATCH_MAX + 3 - 135 - STATUS_BATCH_MAX],
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
    expect(statusChangeEventId(batchId, m1)).toMatch(
      /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    );
  });
});

describe('validation of the batch events (one array-level check per event)', () => {
  const problems = (cls: new () => object, data: object): string[] =>
    validateSync(plainToInstance(cls, data)).map((e) => e.property);
  const batch = (changes: unknown[]) => ({ accountId: A, parentAccountId: null, changes });
  const ok = statusChangeBatches([change(1, A, null), change(2, A, null)])[0].changes;

  it('accepts valid changes and refuses each broken field of one change', () => {
    expect(problems(MessageStatusesChangedEvent, batch(ok))).toEqual([]);
    for (const broken of [
      { messageId: 'x' },
      { campaignId: undefined },
      { status: 'queued' },
      { status: 'bogus' },
      { at: 'yesterday' },
      { errorCode: 42 },
    ])
      expect(problems(MessageStatusesChangedEvent, batch([ok[0], { ...ok[1], ...broken }]))).toEqual(['changes']);
    expect(problems(MessageStatusesChangedEvent, batch([ok[0], null]))).toEqual(['changes']);
    expect(problems(MessageStatusesChangedEvent, batch([]))).toEqual(['changes']);
    expect(
      problems(MessageStatusesChangedEvent, batch(Array.from({ length: STATUS_BATCH_MAX + 1 }, () => ok[0]))),
    ).toEqual(['changes']);
    expect(problems(MessageStatusesChangedEvent, { ...batch(ok), accountId: 'nope' })).toEqual(['accountId']);
  });

  it('checks every message of a submitted batch', () => {
    const submitted = {
      campaignId: C,
      accountId: A,
      parentAccountId: null,
      sender: 'ACME',
      text: 'hi',
      segments: 1,
      campaignSize: 2,
      submittedAt: new Date().toISOString(),
      scheduledAt: null,
      messages: [
        { messageId: ok[0].messageId, recipient: '+393331234567' },
        { messageId: ok[1].messageId, recipient: '+393331234568' },
      ],
    };
    expect(problems(MessagesSubmittedEvent, submitted)).toEqual([]);
    expect(
      problems(MessagesSubmittedEvent, {
        ...submitted,
        messages: [submitted.messages[0], { messageId: 'x', recipient: '+39' }],
      }),
    ).toEqual(['messages']);
    expect(
      problems(MessagesSubmittedEvent, { ...submitted, messages: [{ messageId: ok[0].messageId, recipient: 7 }] }),
    ).toEqual(['messages']);
  });
});
