import { Injectable, Logger } from '@nestjs/common';
import { InvoicePaidData } from '@sms/contracts';
import { EntityManager } from 'typeorm';
import { LedgerRepository } from '../ledger/ledger.repository';
import { contentHash, TransferSpec } from '../ledger/ledger.types';
import { uuidV5 } from '../ledger/uuid-v5';
import { TransferIdConflictError } from '../ledger/wallet.errors';

export type PurchaseOutcome = 'credited' | 'duplicate' | 'rejected';

/** Purchases book → the account's wallet, once per invoice. */
@Injectable()
export class PurchaseService {
  private readonly logger = new Logger(PurchaseService.name);

  constructor(private readonly ledger: LedgerRepository) {}

  /**
   * Runs in the consumer's transaction (with its inbox row). The transfer id is derived from
   * the invoice id, so even two different events about one invoice credit it once. `data` was
   * validated against `InvoicePaidEvent` by the consumer (a malformed event is dead-lettered).
   */
  async applyInvoicePaid(em: EntityManager, data: InvoicePaidData): Promise<PurchaseOutcome> {
    const t: TransferSpec = {
      id: uuidV5(`invoice:${data.invoiceId}`),
      kind: 'purchase',
      from: { book: 'purchases' },
      to: { account: data.accountId },
      credits: data.smsCount,
      contentHash: contentHash('purchase', data.invoiceId, data.accountId, data.smsCount),
    };
    await this.ledger.ensureWallet(em, data.accountId);
    try {
      if (!(await this.ledger.claim(em, t)).fresh) return 'duplicate';
    } catch (err) {
      if (!(err instanceof TransferIdConflictError)) throw err;
      this.logger.error({
        msg: 'invoice paid twice with different content; second ignored',
        invoiceId: data.invoiceId,
      });
      return 'rejected';
    }
    const move = await this.ledger.moveWallet(em, t, data.accountId, data.smsCount);
    if (!move) throw new Error(`wallet ${data.accountId} is missing`);
    this.logger.log({
      msg: 'purchase credited',
      accountId: data.accountId,
      invoiceId: data.invoiceId,
      credits: data.smsCount,
    });
    return 'credited';
  }
}
