import { Inject, Injectable } from '@nestjs/common';
import { LedgerVerification } from '@sms/contracts';
import { DataSource } from 'typeorm';
import { LedgerVerifierRepository } from './ledger-verifier.repository';

/**
 * Proves the ledger adds up, on one consistent snapshot: every wallet's stored balance
 * equals the sum of its entries and is not negative; every transfer has exactly two entries
 * netting to zero; every wallet a ledger row names exists; the reservations book holds
 * exactly what open reservations still hold.
 */
@Injectable()
export class LedgerVerifier {
  private readonly repo = new LedgerVerifierRepository();
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  async verify(): Promise<LedgerVerification> {
    const runner = this.ds.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction('REPEATABLE READ');
      const problems: string[] = [];
      const wallets = await this.repo.walletSums(runner);
      for (const w of wallets) {
        if (w.balance !== w.entries)
          problems.push(`wallet ${w.accountId}: balance ${w.balance} but entries sum to ${w.entries}`);
        if (Number(w.balance) < 0) problems.push(`wallet ${w.accountId}: negative balance ${w.balance}`);
      }
      const transfers = await this.repo.transferSums(runner);
      for (const t of transfers) {
        if (t.n !== '2' || t.net !== '0' || t.moved !== t.credits) {
          problems.push(`transfer ${t.id}: ${t.n} entries netting ${t.net}, moving ${t.moved} of ${t.credits}`);
        }
      }
      // No foreign keys to wallets (hot-path cost): every wallet a ledger row names must exist.
      const orphans = await this.repo.orphans(runner);
      for (const o of orphans) problems.push(`${o.what} ${o.id}: names account ${o.accountId}, which has no wallet`);
      const [held] = await this.repo.reservationsHeld(runner);
      if (held.book !== held.open)
        problems.push(`reservations book holds ${held.book}, open reservations ${held.open}`);
      await runner.commitTransaction();
      return {
        ok: problems.length === 0,
        walletsChecked: wallets.length,
        transfersChecked: transfers.length,
        problems,
      };
    } catch (err) {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      throw err;
    } finally {
      await runner.release();
    }
  }
}
