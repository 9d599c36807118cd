import { ApiProperty } from '@nestjs/swagger';

export class BalanceView {
  @ApiProperty({
    description: 'Spendable credits; for an unlimited sub-account, the parent’s shared balance',
    example: 1200,
  })
  credits: number;

  @ApiProperty({ description: 'True for an unlimited sub-account', example: false })
  unlimited: boolean;
}

/** Reply of `WalletRpc.verify`: the ledger's self-check. */
export class LedgerVerification {
  ok: boolean;
  walletsChecked: number;
  transfersChecked: number;
  /** Human-readable descriptions of whatever does not add up (empty when ok). */
  problems: string[];
}
