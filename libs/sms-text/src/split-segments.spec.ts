import fc from 'fast-check';
import { countSegments, splitSegments } from './segments';

describe('splitSegments (what the SMPP adapter submits)', () => {
  it('submits exactly as many parts as are billed, and they join back to the text', () => {
    const alphabet = fc.constantFrom('a', 'Z', ' ', '€', '{', 'ж', '😀', 'é', '\n');
    fc.assert(
      fc.property(fc.array(alphabet, { minLength: 1, maxLength: 700 }), (chars) => {
        const text = chars.join('');
        const parts = splitSegments(text);
        expect(parts).toHaveLength(countSegments(text).segments);
        expect(parts.join('')).toBe(text);
      }),
      { numRuns: 300 },
    );
  });

  it('cuts GSM-7 at 153 septets (an escape pair never straddles) and UCS-2 at 67 units', () => {
    expect(splitSegments('a'.repeat(161)).map((p) => p.length)).toEqual([153, 8]);
    expect(splitSegments('a'.repeat(152) + '€' + 'b'.repeat(10)).map((p) => p.length)).toEqual([152, 11]);
    expect(splitSegments('ж'.repeat(71)).map((p) => p.length)).toEqual([67, 4]);
    expect(splitSegments('ж'.repeat(66) + '😀' + 'ж'.repeat(3)).map((p) => p.length)).toEqual([66, 5]);
    expect(splitSegments('short')).toEqual(['short']);
  });
});
