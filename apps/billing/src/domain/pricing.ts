/**
 * SMS pack pricing: volume tiers where the WHOLE quantity takes the unit price of the
 * tier its count falls in (no marginal/stepped pricing).
 *
 * Unit prices are integers in tenths of a cent (8.0 c = 80) so 6.8 c is exact; the total
 * is computed in tenths of a cent and rounded half-up to integer cents exactly once.
 */

export interface PriceTier {
  /** Smallest SMS count (inclusive) this tier applies to; the first tier starts at 0. */
  minSms: number;
  /** Price of one SMS in tenths of a euro cent (68 = 6.8 cents). */
  unitPriceTenthsOfCent: number;
}

export interface PriceQuote {
  smsCount: number;
  /** Unit price in cents as a decimal string with one decimal ("6.8", "8.0"). */
  unitPrice: string;
  unitPriceTenthsOfCent: number;
  /** Integer cents, VAT excluded. */
  amountExclVat: number;
}

export const DEFAULT_PRICE_TIERS: readonly PriceTier[] = Object.freeze([
  Object.freeze({ minSms: 0, unitPriceTenthsOfCent: 80 }),
  Object.freeze({ minSms: 1000, unitPriceTenthsOfCent: 70 }),
  Object.freeze({ minSms: 2500, unitPriceTenthsOfCent: 68 }),
]);

/** Throws an Error describing the first problem; shared by config parsing and pricing. */
export function assertValidPriceTiers(tiers: readonly PriceTier[]): void {
  if (tiers.length === 0) throw new Error('Price tiers: at least one tier is required');
  tiers.forEach((tier, i) => {
    const where = `Price tiers: tier #${i + 1} (${tier.minSms}:${tier.unitPriceTenthsOfCent})`;
    if (!Number.isSafeInteger(tier.minSms) || tier.minSms < 0) {
      throw new Error(`${where}: minSms must be a non-negative integer`);
    }
    if (!Number.isSafeInteger(tier.unitPriceTenthsOfCent) || tier.unitPriceTenthsOfCent < 1) {
      throw new Error(`${where}: unit price must be a positive integer (tenths of a cent)`);
    }
    if (i === 0 && tier.minSms !== 0) throw new Error(`${where}: the first tier must start at 0`);
    if (i > 0 && tier.minSms <= tiers[i - 1].minSms) {
      throw new Error(`${where}: minSms must be strictly increasing`);
    }
  });
}

/**
 * Parses "0:80,1000:70,2500:68" (minSms:tenths-of-cent, comma separated).
 * Strict on purpose: a typo in the price configuration must stop the service at boot.
 */
export function parsePriceTiers(text: string): PriceTier[] {
  const entries = text.split(',').map((entry) => entry.trim());
  if (text.trim() === '' || entries.some((entry) => entry === '')) {
    throw new Error(`Price tiers: empty entry in "${text}" (expected e.g. "0:80,1000:70,2500:68")`);
  }
  const tiers = entries.map((entry) => {
    const match = /^(\d+)\s*:\s*(\d+)$/.exec(entry);
    if (!match) {
      throw new Error(`Price tiers: "${entry}" is not "minSms:tenthsOfCent" with non-negative integers`);
    }
    return { minSms: Number(match[1]), unitPriceTenthsOfCent: Number(match[2]) };
  });
  assertValidPriceTiers(tiers);
  return tiers;
}

/** "6.8" for 68, "8.0" for 80: integer arithmetic only. */
export function formatTenthsOfCentAsCents(tenthsOfCent: number): string {
  return `${Math.floor(tenthsOfCent / 10)}.${tenthsOfCent % 10}`;
}

export function priceFor(smsCount: number, tiers: readonly PriceTier[] = DEFAULT_PRICE_TIERS): PriceQuote {
  if (!Number.isSafeInteger(smsCount) || smsCount < 1) {
    throw new RangeError(`smsCount must be a positive integer, got ${smsCount}`);
  }
  assertValidPriceTiers(tiers);
  const tier = [...tiers].reverse().find((t) => t.minSms <= smsCount) as PriceTier;
  const totalTenths = smsCount * tier.unitPriceTenthsOfCent;
  if (!Number.isSafeInteger(totalTenths)) throw new RangeError(`smsCount ${smsCount} is too large`);
  return {
    smsCount,
    unitPrice: formatTenthsOfCentAsCents(tier.unitPriceTenthsOfCent),
    unitPriceTenthsOfCent: tier.unitPriceTenthsOfCent,
    // Half-up on the positive total, once: (x + 5) div 10.
    amountExclVat: Math.floor((totalTenths + 5) / 10),
  };
}
