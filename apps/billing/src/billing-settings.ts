import type { InvoiceSellerBlock } from './domain/invoice-pdf.model';
import { parsePriceTiers, PriceTier } from './domain/pricing';
import { normalizeCountry } from './domain/vat';
import { BillingEnv } from './billing-env';

/** The environment parsed once into what the use cases need. */
export interface BillingSettings {
  tiers: readonly PriceTier[];
  seller: InvoiceSellerBlock;
  sellerCountry: string;
  standardVatRateBasisPoints: number;
  currency: string;
  timeZone: string;
}

export const BILLING_SETTINGS = Symbol('BILLING_SETTINGS');

export function billingSettingsFrom(env: BillingEnv): BillingSettings {
  const country = normalizeCountry(env.SELLER_COUNTRY);
  return {
    tiers: Object.freeze(parsePriceTiers(env.PRICE_TIERS)),
    seller: Object.freeze({
      name: env.SELLER_NAME.trim(),
      addressLines: env.SELLER_ADDRESS.split('|')
        .map((line) => line.trim())
        .filter((line) => line !== ''),
      vatNumber: env.SELLER_VAT_NUMBER.trim(),
      country,
    }),
    sellerCountry: country,
    standardVatRateBasisPoints: env.VAT_RATE_BASIS_POINTS,
    currency: env.CURRENCY,
    timeZone: env.INVOICE_TIME_ZONE,
  };
}
