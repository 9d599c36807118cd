import { AuditRecordedData } from '@sms/contracts';
import { deliveryBody, messageStatusEvent, subAccountChangedEvent } from './public-events';

const audit = (over: Partial<AuditRecordedData>): AuditRecordedData => ({
  accountId: 'owner-1',
  subAccountId: 'sub-1',
  at: '2026-11-30T09:00:00.000Z',
  actor: { userId: 'user-1', role: 'owner', accountId: 'owner-1' },
  action: 'sub-account.update',
  target: { type: 'sub-account', id: 'sub-1' },
  changes: { name: { from: 'A', to: 'B' }, internalNote: { from: 1, to: 2 } },
  requestId: 'req-1',
  ip: '203.0.113.9',
  ...over,
});

describe('public webhook events', () => {
  it('reports final message statuses only, keyed by message for ordering', () => {
    const base = { messageId: 'm1', campaignId: 'c1', accountId: 'a1', at: '2026-11-30T09:00:00Z', errorCode: null };
    expect(messageStatusEvent({ ...base, status: 'sent' }, 'x')).toBeNull();
    expect(messageStatusEvent({ ...base, status: 'delivered' }, 'x')).toEqual({
      type: 'message.status',
      accountIds: ['a1'],
      subAccountId: null,
      orderKey: 'message:m1',
      occurredAt: 'x',
      data: { messageId: 'm1', campaignId: 'c1', status: 'delivered', at: base.at, errorCode: null },
    });
  });

  it("sends a sub-account's message status to its owner too, marked with the sub-account", () => {
    const e = messageStatusEvent(
      {
        messageId: 'm1',
        campaignId: 'c1',
        accountId: 'sub-1',
        parentAccountId: 'owner-1',
        status: 'failed',
        at: '2026-11-30T09:00:00Z',
        errorCode: '0x0B',
      },
      'x',
    )!;
    expect(e.accountIds).toEqual(['sub-1', 'owner-1']);
    expect(JSON.parse(deliveryBody('e1', 'owner-1', e))).toMatchObject({
      accountId: 'owner-1',
      subAccountId: 'sub-1',
      data: { messageId: 'm1', status: 'failed' },
    });
  });

  it('maps sub-account audit entries for the owner and the sub-account, without actor, request id or ip', () => {
    const e = subAccountChangedEvent(audit({}), '2026-11-30T09:00:01.000Z')!;
    expect(e.accountIds).toEqual(['owner-1', 'sub-1']);
    expect(e.data).toEqual({
      subAccountId: 'sub-1',
      change: 'updated',
      changes: { name: { from: 'A', to: 'B' } },
      at: '2026-11-30T09:00:00.000Z',
    });
    const body = deliveryBody('e1', 'owner-1', e);
    expect(body).not.toMatch(/user-1|req-1|203\.0\.113\.9|internalNote/);
    expect(JSON.parse(body)).toMatchObject({
      id: 'e1',
      type: 'sub-account.changed',
      accountId: 'owner-1',
      subAccountId: 'sub-1',
    });
    expect(
      subAccountChangedEvent(audit({ action: 'purchase.create', target: { type: 'invoice', id: 'i' } }), 'x'),
    ).toBeNull();
  });
});
