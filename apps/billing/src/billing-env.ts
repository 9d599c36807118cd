import { IsIn, IsInt, IsString, Length, Max, Min, registerDecorator, ValidationOptions } from 'class-validator';
import { ServiceEnv } from '@sms/config';
import { parsePriceTiers } from './domain/pricing';
import { isEuMemberState } from './domain/vat';

function Satisfies(check: (value: unknown) => string | null, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'satisfies',
      target: target.constructor,
      propertyName: propertyName as string,
      options,
      validator: {
        validate: (value: unknown) => check(value) === null,
        defaultMessage: (args) => check(args?.value) ?? 'is invalid',
      },
    });
}

function priceTiersProblem(value: unknown): string | null {
  try {
    parsePriceTiers(String(value));
    return null;
  } catch (err) {
    return err instanceof Error ? err.message : String(err);
  }
}

function timeZoneProblem(value: unknown): string | null {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: String(value) });
    return null;
  } catch {
    return `must be an IANA time zone such as Europe/Rome, got "${String(value)}"`;
  }
}

/** Billing's variables: the price list and the seller printed on every invoice. */
export class BillingEnv extends ServiceEnv {
  /** "minSms:tenthsOfCent,…": 8.0 c under 1,000 SMS, 7.0 c up to 2,499, 6.8 c from 2,500. */
  @Satisfies(priceTiersProblem)
  PRICE_TIERS = '0:80,1000:70,2500:68';

  @IsString()
  @Length(1, 200)
  SELLER_NAME = 'SMS Gateway S.r.l.';

  /** Address lines separated by "|". */
  @IsString()
  @Length(1, 500)
  SELLER_ADDRESS = 'Via Roma 1|47121 Forlì (FC)';

  @IsString()
  @Length(4, 20)
  SELLER_VAT_NUMBER = 'IT01234567890';

  /** ISO 3166-1 alpha-2 of an EU member state: the VAT rules assume an EU seller. */
  @Satisfies((v) =>
    typeof v === 'string' && /^[A-Z]{2}$/.test(v) && isEuMemberState(v)
      ? null
      : 'must be the ISO code of an EU member state, e.g. IT',
  )
  SELLER_COUNTRY = 'IT';

  /** The seller country's standard VAT rate in basis points (2200 = 22 %). */
  @IsInt()
  @Min(0)
  @Max(10000)
  VAT_RATE_BASIS_POINTS = 2200;

  /** Only EUR: the PDF formatting and the price list are in euros. */
  @IsIn(['EUR'])
  CURRENCY = 'EUR';

  /** Calendar of invoice dates and of the yearly numbering (Italian invoices follow the Italian calendar). */
  @Satisfies(timeZoneProblem)
  INVOICE_TIME_ZONE = 'Europe/Rome';

  /**
   * `simulated`: `POST /invoices/{id}/pay` marks an invoice paid (development, tests, demos).
   * `provider`: only the payment provider's signed webhook does; `/pay` answers 403.
   */
  @IsIn(['simulated', 'provider'])
  PAYMENTS: 'simulated' | 'provider' = 'simulated';

  /** HMAC secret of the provider's `Payment-Signature` (PAYMENTS=provider); no default. */
  @IsString()
  PAYMENT_WEBHOOK_SECRET = '';
}

/**
 * Settings that validate one by one but not together. A provider needs its secret (32+ chars);
 * in production PAYMENTS must be named and cannot be `simulated` (owners would pay by a click).
 */
export function paymentSettingsProblem(env: BillingEnv, raw: NodeJS.ProcessEnv): string | null {
  if (env.PAYMENTS === 'provider' && env.PAYMENT_WEBHOOK_SECRET.length < 32) {
    return 'PAYMENT_WEBHOOK_SECRET must be set (32 characters or more) when PAYMENTS=provider';
  }
  if (raw.NODE_ENV === 'production' && (raw.PAYMENTS ?? '') !== 'provider') {
    return 'PAYMENTS must be provider with NODE_ENV=production (simulated lets owners mark invoices paid)';
  }
  return null;
}

export const BILLING_ENV = Symbol('BILLING_ENV');
