import { Inject, Injectable } from '@nestjs/common';
import { MAX_SMS_PER_PURCHASE, PricingView } from '@sms/contracts';
import { BILLING_SETTINGS, BillingSettings } from '../billing-settings';
import { basisPointsToPercent } from '../invoices/invoice.record';

/** "0.068" euros for 68 tenths of a cent, with integer arithmetic only. */
export function tenthsOfCentAsEuros(tenths: number): string {
  return `${Math.floor(tenths / 1000)}.${String(tenths % 1000).padStart(3, '0')}`;
}

@Injectable()
export class PricingService {
  constructor(@Inject(BILLING_SETTINGS) private readonly settings: BillingSettings) {}

  pricing(): PricingView {
    const { tiers } = this.settings;
    return {
      currency: this.settings.currency,
      vatIncluded: false,
      standardVatRate: basisPointsToPercent(this.settings.standardVatRateBasisPoints),
      maxSmsPerPurchase: MAX_SMS_PER_PURCHASE,
      tiers: tiers
        .filter((t) => t.minSms <= MAX_SMS_PER_PURCHASE)
        .map((t, i) => ({
          minSms: Math.max(1, t.minSms),
          maxSms: i + 1 < tiers.length ? tiers[i + 1].minSms - 1 : null,
          unitPriceTenthsOfCent: t.unitPriceTenthsOfCent,
          unitPrice: tenthsOfCentAsEuros(t.unitPriceTenthsOfCent),
        })),
    };
  }
}
