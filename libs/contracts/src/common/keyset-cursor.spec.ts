import { ValidationFailedError } from './domain-errors';
import { decodeKeysetCursor, encodeKeysetCursor } from './keyset-cursor';

describe('campaign cursor', () => {
  it('round-trips a position', () => {
    const p = { submittedAt: new Date('2026-05-01T10:00:00.123Z'), id: '0b7f2c1e-8a8e-4a43-9d5e-1f0c0a8e2b11' };
    expect(decodeKeysetCursor(encodeKeysetCursor(p))).toEqual(p);
  });

  it.each(['x', Buffer.from('[1,2]').toString('base64url'), Buffer.from('["nope","x"]').toString('base64url')])(
    'refuses %s as a 400',
    (cursor) => {
      expect(() => decodeKeysetCursor(cursor)).toThrow(ValidationFailedError);
    },
  );
});
