/**
 * Euro formatting from integer minor units, with string arithmetic only (no floats), so a
 * printed amount can never differ from the stored cents.
 * Italian: "1.234,56 €"; English: "€1,234.56".
 */

export type MoneyLanguage = 'it' | 'en';

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** Formats `value` expressed in 10^-scale euros (scale 2 = cents, 3 = tenths of a cent). */
function formatScaled(value: number, scale: number, language: MoneyLanguage): string {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Amount must be an integer, got ${value}`);
  const sign = value < 0 ? '-' : '';
  const digits = String(Math.abs(value)).padStart(scale + 1, '0');
  const units = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return language === 'it'
    ? `${sign}${groupThousands(units, '.')},${fraction} €`
    : `${sign}€${groupThousands(units, ',')}.${fraction}`;
}

/** 17000 → "170,00 €" (it) / "€170.00" (en). */
export function formatEuroCents(cents: number, language: MoneyLanguage): string {
  return formatScaled(cents, 2, language);
}

/** Unit prices: 68 tenths of a cent → "0,068 €" (it) / "€0.068" (en). */
export function formatEuroTenthsOfCent(tenthsOfCent: number, language: MoneyLanguage): string {
  return formatScaled(tenthsOfCent, 3, language);
}

/** Quantities: 2501 → "2.501" (it) / "2,501" (en); ICU-independent, unlike toLocaleString. */
export function formatCount(count: number, language: MoneyLanguage): string {
  if (!Number.isSafeInteger(count)) throw new RangeError(`Count must be an integer, got ${count}`);
  const sign = count < 0 ? '-' : '';
  return sign + groupThousands(String(Math.abs(count)), language === 'it' ? '.' : ',');
}

/** 2200 → "22%", 550 → "5,5%" (it) / "5.5%" (en). */
export function formatBasisPointsAsPercent(basisPoints: number, language: MoneyLanguage): string {
  if (!Number.isSafeInteger(basisPoints) || basisPoints < 0) {
    throw new RangeError(`Rate must be a non-negative integer of basis points, got ${basisPoints}`);
  }
  const whole = Math.floor(basisPoints / 100);
  const fraction = String(basisPoints % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return fraction === '' ? `${whole}%` : `${whole}${language === 'it' ? ',' : '.'}${fraction}%`;
}
