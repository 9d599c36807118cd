import { AnyEvent, AuditEvents, BillingEvents, IdentityEvents, MessagingEvents, WalletEvents } from '@sms/contracts';
import { eventDataProblem, isTransformerFree, pipeDataProblem } from './event-validation';

const ALL: AnyEvent[] = [
  ...Object.values(MessagingEvents),
  ...Object.values(BillingEvents),
  ...Object.values(IdentityEvents),
  ...Object.values(WalletEvents),
  ...Object.values(AuditEvents),
];

const UUID = '0b7c7d2e-6d0a-4c1e-9a53-2f0f0c7e9a11';
const change = (over: Record<string, unknown> = {}) => ({
  messageId: UUID,
  campaignId: UUID,
  status: 'delivered',
  at: '2026-11-30T20:00:00.000Z',
  errorCode: null,
  ...over,
});

/** Values every event class is checked with: empty, wrong types everywhere, extra fields. */
const SAMPLES: Record<string, unknown>[] = [
  {},
  { accountId: 'not-a-uuid', amount: -1, status: 'nope', at: 'yesterday', extra: true },
  { accountId: UUID, parentAccountId: null, changes: [change()] },
  { accountId: UUID, parentAccountId: null, changes: [change(), change({ status: 'queued' })] },
  { accountId: UUID, changes: 'all of them' },
  { accountId: UUID, changes: [] },
  { accountId: 42, parentAccountId: 'x', changes: [change({ at: 'now' })], unknownField: 1 },
];

describe('eventDataProblem', () => {
  it('gives the same verdict and the same reasons as the pipe, for every event class', async () => {
    let compared = 0;
    for (const event of ALL)
      for (const sample of SAMPLES) {
        const data = JSON.parse(JSON.stringify(sample)) as object;
        expect({ type: event.type, sample, problem: await eventDataProblem(event, data) }).toEqual({
          type: event.type,
          sample,
          problem: await pipeDataProblem(event, data),
        });
        compared++;
      }
    expect(compared).toBe(ALL.length * SAMPLES.length);
    // Most take the shallow path: the comparison is about it, not about the pipe against itself.
    expect(ALL.filter((e) => isTransformerFree(e.data)).length).toBeGreaterThanOrEqual(ALL.length - 1);
  });

  it('accepts a valid status batch and names what is wrong in a bad one', async () => {
    const batch = MessagingEvents.messageStatusesChanged;
    expect(
      await eventDataProblem(batch, { accountId: UUID, parentAccountId: null, changes: [change()] }),
    ).toBeUndefined();
    expect(await eventDataProblem(batch, { accountId: 'x', parentAccountId: null, changes: [change()] })).toBe(
      'accountId: accountId must be a UUID',
    );
    expect(await eventDataProblem(batch, { accountId: UUID, changes: [change({ status: 'queued' })] })).toMatch(
      /^changes: each value in changes must be/,
    );
  });

  it('takes the shallow path only for classes without class-transformer decorators', () => {
    expect(isTransformerFree(MessagingEvents.messageStatusesChanged.data)).toBe(true);
    expect(isTransformerFree(AuditEvents.recorded.data)).toBe(false); // @Type(() => AuditEventActor)
  });

  it('leaves data with an own __proto__ key to the pipe (no prototype is set from an event)', async () => {
    const data = JSON.parse(`{"accountId":"${UUID}","changes":[],"__proto__":{"accountId":"x"}}`) as object;
    expect(await eventDataProblem(MessagingEvents.messageStatusesChanged, data)).toBe(
      await pipeDataProblem(MessagingEvents.messageStatusesChanged, data),
    );
  });
});
