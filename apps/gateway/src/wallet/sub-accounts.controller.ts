import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CreateSubAccountBody,
  CreditResult,
  CreditSubAccountBody,
  IdempotencyMeta,
  PageQuery,
  ResetResult,
  SubAccountIdParam,
  SubAccountPage,
  SubAccountView,
  UpdateSubAccountBody,
  WalletRpc,
} from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { RateLimited } from '../auth/rate-limit.guard';
import { Auth } from '../auth/current-actor.decorator';
import { Audited } from '../audit/audited.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiIdempotencyKey, Idempotency } from '../http/idempotency-key.decorator';
import { RpcClient } from '@sms/nats';

@ApiTags('sub-accounts')
@ApiBearerAuth()
@ApiResponse({ status: 403, description: 'A sub-account manager: only the owner manages sub-accounts' })
@Controller('sub-accounts')
export class SubAccountsController {
  constructor(private readonly services: RpcClient) {}

  @Get()
  @RequireScope('sub-accounts:read')
  @ApiOperation({ summary: 'My sub-accounts, oldest first' })
  @ApiResponse({ status: 200, type: SubAccountPage })
  list(@Auth() auth: VerifiedToken, @Query() page: PageQuery): Promise<SubAccountPage> {
    return this.services.send(WalletRpc.listSubAccounts, { actor: auth.actor, page });
  }

  @Post()
  @RateLimited({ perUser: 'sub-account-create', emailConflicts: true })
  @Audited({ action: 'sub-account.create', target: 'sub-account', changes: 'body' })
  @RequireScope('sub-accounts:write')
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Create a sub-account and its manager login',
    description:
      'Limited: optional initial credits move from my balance in the same transaction. Unlimited: spends my balance.',
  })
  @ApiResponse({ status: 201, type: SubAccountView })
  @ApiResponse({
    status: 409,
    description: 'The manager e-mail is already used, or Idempotency-Key reused with another body',
  })
  @ApiResponse({ status: 422, description: 'My balance does not hold the initial credits' })
  @ApiResponse({
    status: 429,
    description: 'Too many sub-accounts created this hour, or too many e-mails found in use (Retry-After)',
  })
  create(
    @Auth() auth: VerifiedToken,
    @Body() body: CreateSubAccountBody,
    @Idempotency() idempotency: IdempotencyMeta | undefined,
  ): Promise<SubAccountView> {
    return this.services.send(WalletRpc.createSubAccount, { actor: auth.actor, body, idempotency });
  }

  @Get(':id')
  @RequireScope('sub-accounts:read')
  @ApiOperation({ summary: 'One of my sub-accounts (a manager may read its own)' })
  @ApiResponse({ status: 200, type: SubAccountView })
  @ApiResponse({ status: 404, description: 'No such sub-account, or not mine' })
  get(@Auth() auth: VerifiedToken, @Param() p: SubAccountIdParam): Promise<SubAccountView> {
    return this.services.send(WalletRpc.getSubAccount, { actor: auth.actor, subAccountId: p.id });
  }

  @Patch(':id')
  @RateLimited({ perUser: 'email-change', emailConflicts: true })
  @Audited({ action: 'sub-account.update', target: 'sub-account', changes: { before: WalletRpc.getSubAccount } })
  @RequireScope('sub-accounts:write')
  @ApiOperation({
    summary: 'Rename, edit the manager, or switch unlimited (going unlimited returns its credits to me)',
  })
  @ApiResponse({ status: 200, type: SubAccountView })
  @ApiResponse({ status: 404, description: 'No such sub-account, or not mine' })
  @ApiResponse({ status: 409, description: 'The manager e-mail is already used' })
  @ApiResponse({
    status: 429,
    description: 'Too many e-mail changes this hour, or too many e-mails found in use (Retry-After)',
  })
  update(
    @Auth() auth: VerifiedToken,
    @Param() p: SubAccountIdParam,
    @Body() body: UpdateSubAccountBody,
  ): Promise<SubAccountView> {
    return this.services.send(WalletRpc.updateSubAccount, { actor: auth.actor, subAccountId: p.id, body });
  }

  @Post(':id/credit')
  @Audited({ action: 'sub-account.credit', target: 'sub-account', changes: 'body' })
  @RequireScope('sub-accounts:write')
  @HttpCode(200)
  @ApiIdempotencyKey()
  @ApiOperation({ summary: 'Move credits from my balance to a limited sub-account' })
  @ApiResponse({ status: 200, type: CreditResult })
  @ApiResponse({ status: 404, description: 'No such sub-account, or not mine' })
  @ApiResponse({ status: 422, description: 'My balance is short, or the sub-account is unlimited' })
  credit(
    @Auth() auth: VerifiedToken,
    @Param() p: SubAccountIdParam,
    @Body() body: CreditSubAccountBody,
    @Idempotency() idempotency: IdempotencyMeta | undefined,
  ): Promise<CreditResult> {
    return this.services.send(WalletRpc.creditSubAccount, {
      actor: auth.actor,
      subAccountId: p.id,
      body,
      idempotency,
    });
  }

  @Post(':id/reset')
  @Audited({ action: 'sub-account.reset', target: 'sub-account' })
  @RequireScope('sub-accounts:write')
  @HttpCode(200)
  @ApiIdempotencyKey()
  @ApiOperation({
    summary: 'Return everything the sub-account holds to my balance (transaction null when it held nothing)',
  })
  @ApiResponse({ status: 200, type: ResetResult })
  @ApiResponse({ status: 404, description: 'No such sub-account, or not mine' })
  reset(
    @Auth() auth: VerifiedToken,
    @Param() p: SubAccountIdParam,
    @Idempotency() idempotency: IdempotencyMeta | undefined,
  ): Promise<ResetResult> {
    return this.services.send(WalletRpc.resetSubAccount, { actor: auth.actor, subAccountId: p.id, idempotency });
  }

  @Post(':id/deactivate')
  @Audited({ action: 'sub-account.deactivate', target: 'sub-account' })
  @RequireScope('sub-accounts:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Stop the sub-account: its manager cannot log in, its tokens are refused, it cannot send' })
  @ApiResponse({ status: 200, type: SubAccountView })
  @ApiResponse({ status: 404, description: 'No such sub-account, or not mine' })
  deactivate(@Auth() auth: VerifiedToken, @Param() p: SubAccountIdParam): Promise<SubAccountView> {
    return this.services.send(WalletRpc.deactivateSubAccount, { actor: auth.actor, subAccountId: p.id });
  }

  @Post(':id/activate')
  @Audited({ action: 'sub-account.activate', target: 'sub-account' })
  @RequireScope('sub-accounts:write')
  @HttpCode(200)
  @ApiOperation({ summary: 'Reverse a deactivation (the manager logs in again; old tokens stay refused)' })
  @ApiResponse({ status: 200, type: SubAccountView })
  @ApiResponse({ status: 404, description: 'No such sub-account, or not mine' })
  activate(@Auth() auth: VerifiedToken, @Param() p: SubAccountIdParam): Promise<SubAccountView> {
    return this.services.send(WalletRpc.activateSubAccount, { actor: auth.actor, subAccountId: p.id });
  }
}
