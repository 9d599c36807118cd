import { describe, expect, it } from 'vitest';
import { estimate, parseRecipients } from './estimate';

describe('send estimate', () => {
  it('counts recipients once each, whatever the separators', () => {
    expect(parseRecipients(' +393331234567\n+393331234568, +393331234567;\n\n')).toEqual([
      '+393331234567',
      '+393331234568',
    ]);
  });

  it('charges distinct recipients x segments, GSM-7 and UCS-2 as the server does', () => {
    const two = '+393331234567\n+393331234568';
    expect(estimate('a'.repeat(160), two)).toMatchObject({ segments: 1, credits: 2, encoding: 'GSM-7', chars: 160 });
    expect(estimate('a'.repeat(161), two)).toMatchObject({ segments: 2, credits: 4 });
    // An emoji makes the text UCS-2 and takes two UTF-16 units: 36 of them = 72 units = 2 segments.
    expect(estimate('😀'.repeat(36), two)).toMatchObject({ segments: 2, credits: 4, encoding: 'UCS-2', chars: 36 });
    expect(estimate('€'.repeat(80), '+393331234567')).toMatchObject({ segments: 1, credits: 1 });
  });

  it('costs nothing without text or recipients', () => {
    expect(estimate('', '+393331234567').credits).toBe(0);
    expect(estimate('ciao', '').credits).toBe(0);
  });
});
