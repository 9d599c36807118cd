import { decodeKeysetCursor, encodeKeysetCursor, ValidationFailedError } from '@sms/contracts';
import { criteriaSql, resolveCriteria } from './message-criteria';

const ACCOUNT = '00000000-0000-4000-8000-000000000001';

describe('resolveCriteria', () => {
  it('turns a day into its bounds in the time zone (Rome by default)', () => {
    const c = resolveCriteria(ACCOUNT, { from: '2026-07-01', to: '2026-07-01' });
    expect(c.from?.toISOString()).toBe('2026-06-30T22:00:00.000Z');
    expect(c.toExclusive?.toISOString()).toBe('2026-07-01T22:00:00.000Z');
    const utc = resolveCriteria(ACCOUNT, { from: '2026-07-01', to: '2026-07-02', timeZone: 'UTC' });
    expect([utc.from?.toISOString(), utc.toExclusive?.toISOString()]).toEqual([
      '2026-07-01T00:00:00.000Z',
      '2026-07-03T00:00:00.000Z',
    ]);
  });

  it('keeps instants as given, the end inclusive', () => {
    const c = resolveCriteria(ACCOUNT, { from: '2026-07-01T10:00:00+02:00', to: '2026-07-01T08:00:00Z' });
    expect(c.from?.toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(c.toInclusive?.toISOString()).toBe('2026-07-01T08:00:00.000Z');
  });

  it('refuses a period that ends before it starts', () => {
    expect(() => resolveCriteria(ACCOUNT, { from: '2026-07-02', to: '2026-07-01' })).toThrow(ValidationFailedError);
    expect(() => resolveCriteria(ACCOUNT, { from: '2026-07-01T00:00:01Z', to: '2026-07-01T00:00:00Z' })).toThrow(
      ValidationFailedError,
    );
  });
});

describe('criteriaSql', () => {
  it('always scopes by account and numbers parameters in order', () => {
    const { where, params } = criteriaSql({
      accountId: ACCOUNT,
      recipient: '+393331234567',
      minCampaignSize: 10,
      after: { submittedAt: new Date('2026-01-01T00:00:00Z'), id: ACCOUNT },
    });
    expect(where).toBe(
      'account_id = $1 AND submitted_at IS NOT NULL AND recipient = $2 AND campaign_size >= $3 AND (submitted_at, id) < ($4, $5)',
    );
    expect(params).toHaveLength(5);
  });
});

describe('history cursor', () => {
  it('round-trips and refuses anything it did not make', () => {
    const p = { submittedAt: new Date('2026-01-01T10:00:00.123Z'), id: ACCOUNT };
    expect(decodeKeysetCursor(encodeKeysetCursor(p))).toEqual(p);
    for (const bad of [
      '',
      'abc',
      Buffer.from('["x","y"]').toString('base64url'),
      Buffer.from('{}').toString('base64url'),
    ]) {
      expect(() => decodeKeysetCursor(bad)).toThrow(ValidationFailedError);
    }
  });
});
