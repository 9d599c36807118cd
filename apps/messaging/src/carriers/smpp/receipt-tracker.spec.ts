import { ReceiptTracker } from './receipt-tracker';

const at = new Date('2026-01-01T00:00:00Z');

const track = (t: ReceiptTracker, messageId: string, parts: string[]): string => {
  const m = t.begin(messageId, parts.length);
  for (const p of parts) m.addPart(p);
  return m.carrierMessageId();
};

describe('ReceiptTracker', () => {
  it('makes a multipart message delivered only when every part is, whatever the id form', () => {
    const t = new ReceiptTracker();
    expect(track(t, 'm1', ['1f4', '1f5'])).toBe('1f4,1f5');
    expect(t.apply({ id: '500', stat: 'DELIVRD', err: '000' }, at)).toEqual({ kind: 'partial' });
    expect(t.apply({ id: '1F5', stat: 'DELIVRD', err: '000' }, at)).toEqual({
      kind: 'final',
      report: { messageId: 'm1', carrierMessageId: '1f4,1f5', status: 'delivered', at },
    });
    expect(t.size).toBe(0);
  });

  it('fails a message as soon as one part fails, keeping err, and ignores the later parts', () => {
    const t = new ReceiptTracker();
    track(t, 'm2', ['a1', 'a2', 'a3']);
    expect(t.apply({ id: 'a2', stat: 'UNDELIV', err: '001' }, at)).toMatchObject({
      kind: 'final',
      report: { messageId: 'm2', status: 'failed', errorCode: 'UNDELIV:001' },
    });
    expect(t.apply({ id: 'a1', stat: 'DELIVRD', err: '000' }, at)).toEqual({ kind: 'unknown' });
  });

  it('maps EXPIRED to expired and REJECTD/DELETED/UNKNOWN to failed; ACCEPTD is not final', () => {
    const t = new ReceiptTracker();
    for (const id of ['e', 'r', 'd', 'u', 'x']) track(t, id, [`p${id}`]);
    expect(t.apply({ id: 'px', stat: 'ACCEPTD', err: '000' }, at)).toEqual({ kind: 'ignored' });
    const statuses = (['EXPIRED', 'REJECTD', 'DELETED', 'UNKNOWN'] as const).map((stat, i) => {
      const o = t.apply({ id: `p${'erdu'[i]}`, stat, err: '000' }, at);
      return o.kind === 'final' ? o.report.status : o.kind;
    });
    expect(statuses).toEqual(['expired', 'failed', 'failed', 'failed']);
  });

  it('restores a message from its stored carrier id after a restart', () => {
    const t = new ReceiptTracker();
    t.restore('m3', 'b1,b2');
    t.restore('m3', 'b1,b2');
    expect(t.apply({ id: 'b1', stat: 'DELIVRD', err: '000' }, at)).toEqual({ kind: 'partial' });
    expect(t.apply({ id: 'b2', stat: 'DELIVRD', err: '000' }, at)).toMatchObject({
      kind: 'final',
      report: { messageId: 'm3' },
    });
  });
});

describe('ReceiptTracker id forms', () => {
  it('prefers an exact id over another id whose decimal form looks the same', () => {
    const t = new ReceiptTracker();
    track(t, 'hex-1f4', ['1f4']);
    track(t, 'hex-500', ['500']);
    expect(t.apply({ id: '500', stat: 'DELIVRD', err: '000' }, at)).toMatchObject({ report: { messageId: 'hex-500' } });
    expect(t.apply({ id: '500', stat: 'DELIVRD', err: '000' }, at)).toMatchObject({ report: { messageId: 'hex-1f4' } });
  });
});

describe('ReceiptTracker before the last submit_sm_resp', () => {
  it('applies a receipt that overtakes the response of another part, and forgets an abandoned message', () => {
    const t = new ReceiptTracker();
    const m = t.begin('early', 2);
    m.addPart('p1');
    expect(t.apply({ id: 'p1', stat: 'DELIVRD', err: '000' }, at)).toEqual({ kind: 'partial' });
    m.addPart('p2');
    expect(t.apply({ id: 'p2', stat: 'DELIVRD', err: '000' }, at)).toMatchObject({
      kind: 'final',
      report: { carrierMessageId: 'p1,p2' },
    });
    const gone = t.begin('refused', 2);
    gone.addPart('q1');
    gone.abandon();
    expect(t.apply({ id: 'q1', stat: 'DELIVRD', err: '000' }, at)).toEqual({ kind: 'unknown' });
    expect(t.size).toBe(0);
  });
});

describe('ReceiptTracker.reopen (the report could not be recorded)', () => {
  it('waits only for the receipt that failed to record, the other parts staying delivered', () => {
    const t = new ReceiptTracker();
    track(t, 'm', ['c1', 'c2', 'c3']);
    t.apply({ id: 'c1', stat: 'DELIVRD', err: '000' }, at);
    t.apply({ id: 'c2', stat: 'DELIVRD', err: '000' }, at);
    const last = { id: 'c3', stat: 'DELIVRD' as const, err: '000' };
    const outcome = t.apply(last, at);
    if (outcome.kind !== 'final') throw new Error(`expected final, got ${outcome.kind}`);
    t.reopen(outcome.report, last);
    expect(t.apply(last, at)).toMatchObject({
      kind: 'final',
      report: { messageId: 'm', status: 'delivered', carrierMessageId: 'c1,c2,c3' },
    });
  });
});
