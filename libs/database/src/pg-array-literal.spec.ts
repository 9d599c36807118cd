import { pgArrayLiteral } from './pg-array-literal';

describe('pgArrayLiteral', () => {
  it('joins ids, numbers and E.164 recipients as they are', () => {
    expect(pgArrayLiteral(['6f1c9a4e-0b1d-4c1e-9a7b-2f7d8c1e3a55', '+393331234567', 7])).toBe(
      '{6f1c9a4e-0b1d-4c1e-9a7b-2f7d8c1e3a55,+393331234567,7}',
    );
    expect(pgArrayLiteral([])).toBe('{}');
  });

  it('quotes and escapes anything else, and the word NULL', () => {
    expect(pgArrayLiteral(['a b', 'x,y', 'say "hi"', 'back\\slash', 'null', '', '{}'])).toBe(
      '{"a b","x,y","say \\"hi\\"","back\\\\slash","null","","{}"}',
    );
  });

  it('writes null as NULL, and ISO timestamps as they are', () => {
    expect(pgArrayLiteral([null, '2026-11-30T20:00:00.000Z', 'x y'])).toBe('{NULL,"2026-11-30T20:00:00.000Z","x y"}');
    expect(pgArrayLiteral([null])).toBe('{NULL}');
    expect(pgArrayLiteral(['2026-11-30T20:00:00.000Z', '2026-11-30T21:00:00+01:00'])).toBe(
      '{2026-11-30T20:00:00.000Z,2026-11-30T21:00:00+01:00}',
    );
  });
});
