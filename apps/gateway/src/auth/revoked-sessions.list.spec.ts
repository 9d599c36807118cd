import { RevokedSessionsList } from './revoked-sessions.list';

const SID = '11111111-1111-4111-8111-111111111111';

describe('revoked-sessions list', () => {
  it('is not fresh until the first full load, then only while the last load is within the bound', () => {
    const list = new RevokedSessionsList(90_000);
    const t0 = 1_000_000;
    expect(list.isFresh(t0)).toBe(false);
    // A broadcast alone does not make it fresh: a missed one would go unnoticed.
    list.add([{ sessionId: SID, expiresAt: new Date(t0 + 60_000).toISOString() }]);
    expect(list.isFresh(t0)).toBe(false);
    list.loaded([], t0);
    expect(list.isFresh(t0 + 90_000)).toBe(true);
    expect(list.isFresh(t0 + 90_001)).toBe(false);
    list.loaded([], t0 + 100_000);
    expect(list.isFresh(t0 + 100_000)).toBe(true);
  });

  it('refuses a session until its token’s exp, then forgets it', () => {
    const list = new RevokedSessionsList(90_000);
    const exp = 2_000_000;
    list.loaded([{ sessionId: SID, expiresAt: new Date(exp).toISOString() }], exp - 10_000);
    expect(list.size).toBe(1);
    expect(list.isRevoked(SID, exp - 1)).toBe(true);
    expect(list.isRevoked('22222222-2222-4222-8222-222222222222', exp - 1)).toBe(false);
    expect(list.isRevoked(SID, exp)).toBe(false);
    expect(list.size).toBe(0);
  });

  it('keeps the later expiry when one session is revoked twice, and ignores malformed entries', () => {
    const list = new RevokedSessionsList(90_000);
    list.add([{ sessionId: SID, expiresAt: new Date(5_000).toISOString() }]);
    list.add([{ sessionId: SID, expiresAt: new Date(3_000).toISOString() }]);
    list.add([{ sessionId: 'x', expiresAt: 'not a date' }]);
    expect(list.size).toBe(1);
    expect(list.isRevoked(SID, 4_000)).toBe(true);
  });
});
