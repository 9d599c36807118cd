import { countSegments, isGsm7 } from './segments';

describe('countSegments', () => {
  it('returns 0 segments for empty text', () => {
    expect(countSegments('')).toEqual({ encoding: 'GSM-7', units: 0, segments: 0 });
  });

  it('fits 160 GSM chars in one segment and splits at 161', () => {
    expect(countSegments('a'.repeat(160))).toEqual({ encoding: 'GSM-7', units: 160, segments: 1 });
    expect(countSegments('a'.repeat(161))).toEqual({ encoding: 'GSM-7', units: 161, segments: 2 });
  });

  it('packs 153 septets per part: 306 -> 2, 307 -> 3', () => {
    expect(countSegments('a'.repeat(306)).segments).toBe(2);
    expect(countSegments('a'.repeat(307)).segments).toBe(3);
  });

  it('counts extension chars as 2 septets', () => {
    expect(countSegments('€')).toEqual({ encoding: 'GSM-7', units: 2, segments: 1 });
    expect(countSegments('^{}\\[~]|\f').units).toBe(18);
    expect(countSegments('€'.repeat(80)).segments).toBe(1);
    expect(countSegments('a' + '€'.repeat(80)).segments).toBe(2);
  });

  it('does not split an escape pair across a 153 boundary', () => {
    // Straddling only matters once split: 152 + 2 + 6 = 160 still fits one segment.
    expect(countSegments('a'.repeat(152) + '€' + 'a'.repeat(6)).segments).toBe(1);
    // 152 + 2 + 152 = 306 septets; naive division says 2, the moved € forces a third part.
    expect(countSegments('a'.repeat(152) + '€' + 'a'.repeat(152))).toEqual({
      encoding: 'GSM-7',
      units: 306,
      segments: 3,
    });
  });

  it('accepts the whole basic alphabet as GSM-7', () => {
    const basic =
      '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
      '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
    expect(isGsm7(basic)).toBe(true);
    expect(countSegments(basic)).toEqual({ encoding: 'GSM-7', units: 127, segments: 1 });
  });

  it("keeps 'è' in GSM-7 but 'ê' forces UCS-2", () => {
    expect(countSegments('Caffè').encoding).toBe('GSM-7');
    expect(countSegments('Crêpe')).toEqual({ encoding: 'UCS-2', units: 5, segments: 1 });
  });

  it('fits 70 UCS-2 units in one segment and splits at 71', () => {
    expect(countSegments('ж'.repeat(70))).toEqual({ encoding: 'UCS-2', units: 70, segments: 1 });
    expect(countSegments('ж'.repeat(71))).toEqual({ encoding: 'UCS-2', units: 71, segments: 2 });
  });

  it('packs 67 units per UCS-2 part: 134 -> 2, 135 -> 3', () => {
    expect(countSegments('ж'.repeat(134)).segments).toBe(2);
    expect(countSegments('ж'.repeat(135)).segments).toBe(3);
  });

  it('counts an emoji as 2 units and never splits a surrogate pair', () => {
    expect(countSegments('😀')).toEqual({ encoding: 'UCS-2', units: 2, segments: 1 });
    expect(countSegments('😀'.repeat(35)).segments).toBe(1);
    expect(countSegments('a' + '😀'.repeat(35)).segments).toBe(2);
    // 66 + 2 + 66 = 134 units, but the emoji cannot straddle unit 67, so 3 parts.
    expect(countSegments('ж'.repeat(66) + '😀' + 'ж'.repeat(66)).segments).toBe(3);
  });

  it('switches a whole GSM text to UCS-2 for a single foreign character', () => {
    const r = countSegments('a'.repeat(100) + '😀');
    expect(r).toEqual({ encoding: 'UCS-2', units: 102, segments: 2 });
  });
});

// The table, in one place: text → encoding and segments billed.
describe('countSegments table', () => {
  it.each([
    ['160 GSM-7', 'a'.repeat(160), 'GSM-7', 1],
    ['161 GSM-7', 'a'.repeat(161), 'GSM-7', 2],
    ['306 GSM-7', 'a'.repeat(306), 'GSM-7', 2],
    ['307 GSM-7', 'a'.repeat(307), 'GSM-7', 3],
    ['80 € (extension, 2 each)', '€'.repeat(80), 'GSM-7', 1],
    ['81 € (extension, 2 each)', '€'.repeat(81), 'GSM-7', 2],
    ['[ ] { } ~ ^ | \\ count two each', 'a'.repeat(144) + '[]{}~^|\\', 'GSM-7', 1],
    ['one more extension char splits', 'a'.repeat(145) + '[]{}~^|\\', 'GSM-7', 2],
    ['accented Latin inside GSM-7 (è é ù ì ò à)', 'èéùìòà'.repeat(26) + 'ab', 'GSM-7', 1],
    ['accented Latin outside GSM-7 (á) forces UCS-2', 'á' + 'a'.repeat(69), 'UCS-2', 1],
    ['accented Latin outside GSM-7, 71 chars', 'á' + 'a'.repeat(70), 'UCS-2', 2],
    ['70 Cyrillic', 'д'.repeat(70), 'UCS-2', 1],
    ['71 Cyrillic', 'д'.repeat(71), 'UCS-2', 2],
    ['35 emoji (70 UTF-16 units)', '🎉'.repeat(35), 'UCS-2', 1],
    ['36 emoji (72 UTF-16 units)', '🎉'.repeat(36), 'UCS-2', 2],
  ])('%s', (_name, text, encoding, segments) => {
    expect(countSegments(text)).toMatchObject({ encoding, segments });
  });
});
