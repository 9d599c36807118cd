import { DEFAULT_PRICE_TIERS, parsePriceTiers, priceFor } from './pricing';

describe('priceFor (default tiers)', () => {
  it.each([
    [1, '8.0', 80, 8],
    [500, '8.0', 80, 4000],
    [999, '8.0', 80, 7992],
    [1000, '7.0', 70, 7000],
    [2499, '7.0', 70, 17493],
    [2500, '6.8', 68, 17000],
  ])('%i SMS → %s c each, %i tenths, %i cents', (count, unitPrice, tenths, amount) => {
    expect(priceFor(count, DEFAULT_PRICE_TIERS)).toEqual({
      smsCount: count,
      unitPrice,
      unitPriceTenthsOfCent: tenths,
      amountExclVat: amount,
    });
  });

  it('rounds half-up once on the total, never per SMS', () => {
    expect(priceFor(2501).amountExclVat).toBe(17007); // 17006.8
    expect(priceFor(2503).amountExclVat).toBe(17020); // 17020.4
    expect(priceFor(2505).amountExclVat).toBe(17034); // 17034.0
    expect(priceFor(2575, [{ minSms: 0, unitPriceTenthsOfCent: 1 }]).amountExclVat).toBe(258); // 257.5 → up
    expect(Number.isInteger(priceFor(123457).amountExclVat)).toBe(true);
  });

  it('uses the default tiers when none are given', () => {
    expect(priceFor(1000).amountExclVat).toBe(7000);
  });

  it.each([0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])('rejects smsCount %p with a RangeError', (count) => {
    expect(() => priceFor(count)).toThrow(RangeError);
  });
});

describe('parsePriceTiers', () => {
  it('parses the configuration string (spaces tolerated)', () => {
    expect(parsePriceTiers('0:80, 1000:70 ,2500:68')).toEqual([...DEFAULT_PRICE_TIERS]);
    expect(parsePriceTiers('0:50')).toEqual([{ minSms: 0, unitPriceTenthsOfCent: 50 }]);
  });

  it.each([
    ['', /empty entry/],
    ['0:80,,1000:70', /empty entry/],
    ['0:80,', /empty entry/],
    ['0=80', /not "minSms:tenthsOfCent"/],
    ['0:8.5', /not "minSms:tenthsOfCent"/],
    ['0:-1', /not "minSms:tenthsOfCent"/],
    ['100:80,1000:70', /must start at 0/],
    ['0:80,1000:70,1000:68', /strictly increasing/],
    ['0:80,2500:68,1000:70', /strictly increasing/],
    ['0:0', /positive integer/],
  ])('rejects %p', (text, message) => {
    expect(() => parsePriceTiers(text)).toThrow(message);
  });
});
