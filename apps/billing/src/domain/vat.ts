/**
 * VAT rules for an EU (by default Italian) seller of electronically supplied services
 * (B2B general rule art. 44/196 Directive 2006/112/EC; Italian art. 7-ter DPR 633/72).
 *
 * Deliberately simplified: EU consumers are charged the seller's rate (below the EUR 10,000
 * OSS threshold) and the VAT number is assumed already validated (VIES) by the caller.
 */

export type VatLanguage = 'it' | 'en';
export type VatKind = 'standard' | 'reverse-charge' | 'outside-scope';

export interface VatDecision {
  rateBasisPoints: number;
  kind: VatKind;
  /** Legal wording to print on the invoice, null when the standard rate applies. */
  mention: string | null;
}

export interface VatInput {
  /** ISO 3166-1 alpha-2; defaults to "IT". */
  sellerCountry?: string;
  /** Seller's standard rate in basis points (2200 = 22 %); defaults to 2200 (Italy). */
  sellerStandardRateBasisPoints?: number;
  buyerCountry: string;
  buyerVatNumber?: string | null;
  /** Language of the mention; defaults to 'it'. */
  language?: VatLanguage;
}

/** The 27 EU member states by ISO 3166-1 alpha-2 code (Greece is GR, not the VAT prefix EL). */
export const EU_MEMBER_STATES: readonly string[] = Object.freeze([
  'AT',
  'BE',
  'BG',
  'CY',
  'CZ',
  'DE',
  'DK',
  'EE',
  'ES',
  'FI',
  'FR',
  'GR',
  'HR',
  'HU',
  'IE',
  'IT',
  'LT',
  'LU',
  'LV',
  'MT',
  'NL',
  'PL',
  'PT',
  'RO',
  'SE',
  'SI',
  'SK',
]);

export const VAT_MENTIONS: Readonly<Record<'reverse-charge' | 'outside-scope', Record<VatLanguage, string>>> = {
  'reverse-charge': {
    en: 'Reverse charge – VAT to be accounted for by the recipient, art. 196 Directive 2006/112/EC',
    it: 'Inversione contabile – art. 7-ter DPR 633/72',
  },
  'outside-scope': {
    en: 'Outside the scope of VAT – art. 7-ter DPR 633/72',
    it: 'Operazione non soggetta – art. 7-ter DPR 633/72',
  },
};

const DEFAULT_SELLER_COUNTRY = 'IT';
const DEFAULT_SELLER_RATE_BP = 2200;

/** Upper-cases and maps the VAT prefix "EL" to ISO "GR", since users often type either. */
export function normalizeCountry(code: string): string {
  const upper = code.trim().toUpperCase();
  return upper === 'EL' ? 'GR' : upper;
}

export function isEuMemberState(country: string): boolean {
  return EU_MEMBER_STATES.includes(normalizeCountry(country));
}

export function determineVat(input: VatInput): VatDecision {
  const seller = normalizeCountry(input.sellerCountry ?? DEFAULT_SELLER_COUNTRY);
  const buyer = normalizeCountry(input.buyerCountry);
  const standardRate = input.sellerStandardRateBasisPoints ?? DEFAULT_SELLER_RATE_BP;
  const language = input.language ?? 'it';
  const hasVatNumber = (input.buyerVatNumber ?? '').trim() !== '';

  if (!/^[A-Z]{2}$/.test(buyer)) throw new RangeError(`Invalid buyer country "${input.buyerCountry}"`);
  if (!isEuMemberState(seller)) throw new RangeError(`Seller country "${seller}" is not an EU member state`);
  if (!Number.isSafeInteger(standardRate) || standardRate < 0) {
    throw new RangeError(`Invalid standard rate ${standardRate} (basis points)`);
  }

  const standard: VatDecision = { rateBasisPoints: standardRate, kind: 'standard', mention: null };
  if (buyer === seller) return standard; // domestic: always charged, VAT number or not
  if (!isEuMemberState(buyer)) {
    return { rateBasisPoints: 0, kind: 'outside-scope', mention: VAT_MENTIONS['outside-scope'][language] };
  }
  if (!hasVatNumber) return standard; // EU consumer
  return { rateBasisPoints: 0, kind: 'reverse-charge', mention: VAT_MENTIONS['reverse-charge'][language] };
}

/** VAT on a net amount in integer cents, rounded half-up once. */
export function vatAmount(amountExclVatCents: number, rateBasisPoints: number): number {
  if (!Number.isSafeInteger(amountExclVatCents) || amountExclVatCents < 0) {
    throw new RangeError(`amountExclVatCents must be a non-negative integer, got ${amountExclVatCents}`);
  }
  if (!Number.isSafeInteger(rateBasisPoints) || rateBasisPoints < 0) {
    throw new RangeError(`rateBasisPoints must be a non-negative integer, got ${rateBasisPoints}`);
  }
  const scaled = amountExclVatCents * rateBasisPoints; // cents × 1/10000
  if (!Number.isSafeInteger(scaled)) throw new RangeError('Amount too large for exact VAT computation');
  return Math.floor((scaled + 5000) / 10000);
}
