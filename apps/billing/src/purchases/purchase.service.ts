import { Inject, Injectable } from '@nestjs/common';
import { ForbiddenError, IdempotencyMeta, InvoiceView, PurchaseCommand } from '@sms/contracts';
import { onceForKey } from '@sms/database';
import { DataSource } from 'typeorm';
import { BILLING_SETTINGS, BillingSettings } from '../billing-settings';
import { Clock, CLOCK } from '../clock';
import { issueDateOf } from '../domain/issue-date';
import { priceFor } from '../domain/pricing';
import { determineVat, vatAmount } from '../domain/vat';
import { IdentityClient } from '../identity/identity.client';
import { InvoiceRepository } from '../invoices/invoice.repository';
import { toInvoiceView } from '../invoices/invoice.record';
import { requireCompleteBuyer } from './billing-details-incomplete.error';
import { PurchaseRepository } from './purchase.repository';

/** POST /purchases: prices the SMS, snapshots buyer and seller, and issues an unpaid invoice. */
@Injectable()
export class PurchaseService {
  private readonly repo = new PurchaseRepository();
  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(BILLING_SETTINGS) private readonly settings: BillingSettings,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly invoices: InvoiceRepository,
    private readonly identity: IdentityClient,
  ) {}

  async purchase(cmd: PurchaseCommand): Promise<InvoiceView> {
    const { actor } = cmd;
    // Sub-account managers spend what the owner gives them; buying is the owner's (and invoices are in the owner's name).
    if (actor.role !== 'owner') throw new ForbiddenError('Only the account owner can buy SMS.', 'owner-only');

    // A retry of a completed purchase answers from the key even if the details changed since.
    const replay = await this.storedResponse(actor.accountId, cmd.idempotency);
    if (replay) return replay;

    const quote = priceFor(cmd.purchase.smsCount, this.settings.tiers);
    const profile = await this.identity.buyerProfile(actor);
    const buyer = requireCompleteBuyer(profile.billing);
    const vat = determineVat({
      sellerCountry: this.settings.sellerCountry,
      sellerStandardRateBasisPoints: this.settings.standardVatRateBasisPoints,
      buyerCountry: buyer.country,
      buyerVatNumber: buyer.vatNumber,
      language: profile.language,
    });
    const vatCents = vatAmount(quote.amountExclVat, vat.rateBasisPoints);

    return this.ds.transaction((em) =>
      onceForKey(em, 'billing', actor.accountId, cmd.idempotency, async () => {
        // Read the clock inside the transaction, just before the number: date and year then match.
        const issuedAt = this.clock.now();
        const { date, year } = issueDateOf(issuedAt, this.settings.timeZone);
        const seq = await this.invoices.allocateSeq(em, year);
        const invoice = await this.invoices.insert(em, seq, {
          accountId: actor.accountId,
          year,
          issuedAt,
          issueDate: date,
          language: profile.language,
          smsCount: quote.smsCount,
          unitPriceTenthsOfCent: quote.unitPriceTenthsOfCent,
          amountExclVatCents: quote.amountExclVat,
          vatRateBasisPoints: vat.rateBasisPoints,
          vatKind: vat.kind,
          vatMention: vat.mention,
          vatCents,
          totalCents: quote.amountExclVat + vatCents,
          currency: this.settings.currency,
          buyer,
          seller: this.settings.seller,
        });
        return toInvoiceView(invoice);
      }),
    );
  }

  private async storedResponse(accountId: string, meta?: IdempotencyMeta): Promise<InvoiceView | null> {
    if (!meta) return null;
    const rows: { requestHash: string; response: InvoiceView | null }[] = await this.repo.idempotencyKey(
      this.ds,
      accountId,
      meta.key,
    );
    // Another body, or still in flight: let onceForKey decide (409, or wait for the first).
    return rows[0] && rows[0].requestHash === meta.requestHash ? rows[0].response : null;
  }
}
