import { EU_MEMBER_STATES, VAT_MENTIONS, determineVat, isEuMemberState, vatAmount } from './vat';

describe('EU_MEMBER_STATES', () => {
  it('lists the 27 member states with ISO codes', () => {
    expect(new Set(EU_MEMBER_STATES).size).toBe(27);
    expect(EU_MEMBER_STATES).toContain('GR');
    expect(EU_MEMBER_STATES).not.toContain('EL');
    expect(EU_MEMBER_STATES).not.toContain('GB');
    expect(isEuMemberState('el')).toBe(true); // VAT prefix tolerated
  });
});

describe('determineVat (Italian seller, 22 %)', () => {
  const seller = { sellerCountry: 'IT', sellerStandardRateBasisPoints: 2200 };

  it('charges the standard rate to domestic buyers, with or without VAT number', () => {
    const standard = { rateBasisPoints: 2200, kind: 'standard', mention: null };
    expect(determineVat({ ...seller, buyerCountry: 'IT' })).toEqual(standard);
    expect(determineVat({ ...seller, buyerCountry: 'it', buyerVatNumber: 'IT01234567890' })).toEqual(standard);
  });

  it('charges the seller rate to EU consumers (no VAT number)', () => {
    expect(determineVat({ ...seller, buyerCountry: 'FR' })).toEqual({
      rateBasisPoints: 2200,
      kind: 'standard',
      mention: null,
    });
    expect(determineVat({ ...seller, buyerCountry: 'FR', buyerVatNumber: '  ' }).kind).toBe('standard');
  });

  it('applies reverse charge to EU businesses with a VAT number', () => {
    expect(determineVat({ ...seller, buyerCountry: 'DE', buyerVatNumber: 'DE123456789', language: 'en' })).toEqual({
      rateBasisPoints: 0,
      kind: 'reverse-charge',
      mention: 'Reverse charge – VAT to be accounted for by the recipient, art. 196 Directive 2006/112/EC',
    });
    expect(determineVat({ ...seller, buyerCountry: 'DE', buyerVatNumber: 'DE123456789', language: 'it' }).mention).toBe(
      'Inversione contabile – art. 7-ter DPR 633/72',
    );
  });

  it.each(['US', 'CH'])('treats %s buyers as outside the scope of VAT, VAT number or not', (country) => {
    for (const buyerVatNumber of [undefined, 'CHE-123.456.789']) {
      expect(determineVat({ ...seller, buyerCountry: country, buyerVatNumber, language: 'en' })).toEqual({
        rateBasisPoints: 0,
        kind: 'outside-scope',
        mention: 'Outside the scope of VAT – art. 7-ter DPR 633/72',
      });
    }
    expect(determineVat({ ...seller, buyerCountry: country }).mention).toBe(VAT_MENTIONS['outside-scope'].it);
  });

  it('defaults to an Italian seller at 22 % and Italian wording', () => {
    expect(determineVat({ buyerCountry: 'IT' }).rateBasisPoints).toBe(2200);
    expect(determineVat({ buyerCountry: 'ES', buyerVatNumber: 'ESX1234567X' }).mention).toBe(
      VAT_MENTIONS['reverse-charge'].it,
    );
  });

  it('rejects malformed countries and non-EU sellers', () => {
    expect(() => determineVat({ buyerCountry: 'Italy' })).toThrow(RangeError);
    expect(() => determineVat({ sellerCountry: 'US', buyerCountry: 'IT' })).toThrow(RangeError);
  });
});

describe('vatAmount', () => {
  it('computes integer cents rounded half-up once', () => {
    expect(vatAmount(17000, 2200)).toBe(3740);
    expect(vatAmount(17007, 2200)).toBe(3742); // 3741.54
    expect(vatAmount(17493, 2200)).toBe(3848); // 3848.46
    expect(vatAmount(25, 2200)).toBe(6); // 5.5 → 6
    expect(vatAmount(17000, 0)).toBe(0);
  });

  it('rejects non-integer or negative inputs', () => {
    expect(() => vatAmount(10.5, 2200)).toThrow(RangeError);
    expect(() => vatAmount(-1, 2200)).toThrow(RangeError);
    expect(() => vatAmount(100, 22.5)).toThrow(RangeError);
  });
});
