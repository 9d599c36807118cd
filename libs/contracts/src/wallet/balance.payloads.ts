import { ApiProperty } from '@nestjs/swagger';

export class BalanceView {
  @ApiProperty({ description: 'Spendable credits; for an unlimited sub-account, the parent’s shared balance' })
  credits: number;

  @ApiProperty({ description: 'True for an unlimited sub-account' })
  unlimited: boolean;
}

/** Reply of `WalletSubjects.verify`: the ledger's self-check. */
export class LedgerVerification {
  ok: boolean;
  walletsChecked: number;
  transfersChecked: number;
  /** Human-readable descriptions of whatever does not add up (empty when ok). */
  problems: string[];
}
