import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProperty, ApiResponse, ApiTags } from '@nestjs/swagger';
import { BalanceView, TransactionsQuery, TransactionView, WalletRpc } from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Auth } from '../auth/current-actor.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { RpcClient } from '@sms/nats';

class TransactionPageView {
  @ApiProperty({ type: [TransactionView] }) items: TransactionView[];
  @ApiProperty({ type: String, nullable: true, example: 'eyJjIjoiMjAyNi0xMS0zMFQwOToxNTowMFoiLCJpIjoiMGI1YyJ9' })
  nextCursor: string | null;
}

@ApiTags('wallet')
@ApiBearerAuth()
@Controller()
export class WalletController {
  constructor(private readonly services: RpcClient) {}

  @Get('account/balance')
  @RequireScope('balance:read')
  @ApiOperation({ summary: 'My credits (an unlimited sub-account sees its parent’s shared balance)' })
  @ApiResponse({ status: 200, type: BalanceView })
  balance(@Auth() auth: VerifiedToken): Promise<BalanceView> {
    return this.services.send(WalletRpc.getBalance, { actor: auth.actor });
  }

  @Get('transactions')
  @RequireScope('balance:read')
  @ApiOperation({
    summary: 'Credits and resets between my account and its sub-accounts, newest first',
    description:
      'A sub-account manager sees those of its own sub-account. `from`/`to` are inclusive; a day is a day in `timeZone` (see "Dates").',
  })
  @ApiResponse({ status: 200, type: TransactionPageView })
  @ApiResponse({ status: 400, description: 'Invalid from, to, timeZone, limit or cursor, or to before from' })
  @ApiResponse({ status: 404, description: 'subAccountId is not one of mine' })
  transactions(@Auth() auth: VerifiedToken, @Query() query: TransactionsQuery): Promise<TransactionPageView> {
    return this.services.send(WalletRpc.listTransactions, { actor: auth.actor, query });
  }
}
