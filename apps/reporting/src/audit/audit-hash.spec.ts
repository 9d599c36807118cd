import { canonicalJson, entryHash, GENESIS_HASH, HashedEntry } from './audit-hash';

const entry: HashedEntry = {
  id: '11111111-1111-4111-8111-111111111111',
  accountId: '22222222-2222-4222-8222-222222222222',
  seq: 1,
  at: '2026-05-01T10:00:00.000Z',
  actor: {
    userId: '33333333-3333-4333-8333-333333333333',
    role: 'owner',
    accountId: '22222222-2222-4222-8222-222222222222',
  },
  action: 'account.billing.update',
  target: { type: 'account', id: '22222222-2222-4222-8222-222222222222' },
  subAccountId: null,
  changes: { city: { from: 'Roma', to: 'Milano' } },
  requestId: 'req-1',
  ip: '127.0.0.1',
  prevHash: GENESIS_HASH,
};

describe('audit hash', () => {
  it('does not depend on key order (jsonb reorders keys)', () => {
    expect(canonicalJson({ b: 1, a: { d: 2, c: [3, { f: 4, e: 5 }] } })).toBe(
      '{"a":{"c":[3,{"e":5,"f":4}],"d":2},"b":1}',
    );
    const reordered = { ...entry, changes: { city: { to: 'Milano', from: 'Roma' } } };
    expect(entryHash(reordered)).toBe(entryHash(entry));
  });

  it('changes with any field, the previous hash included', () => {
    const base = entryHash(entry);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    expect(entryHash({ ...entry, ip: '127.0.0.2' })).not.toBe(base);
    expect(entryHash({ ...entry, seq: 2 })).not.toBe(base);
    expect(entryHash({ ...entry, prevHash: 'f'.repeat(64) })).not.toBe(base);
    expect(entryHash({ ...entry, changes: { city: { from: 'Roma', to: 'Torino' } } })).not.toBe(base);
  });
});
