import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { HistoryPage, HistoryQuery, NotFoundError, ReportingRpc } from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Auth } from '../auth/current-actor.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { RpcClient } from '@sms/nats';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A malformed id can name nothing: 404, like an id that is not the caller's. */
export function subAccountIdOrNotFound(id: string): string {
  if (!UUID.test(id)) throw new NotFoundError('Sub-account');
  return id.toLowerCase();
}

@ApiTags('history')
@ApiBearerAuth()
@Controller()
export class HistoryController {
  constructor(private readonly services: RpcClient) {}

  @Get('history')
  @RequireScope('history:read')
  @ApiOperation({ summary: 'My messages, newest first, filtered by day or period, recipient and campaign size' })
  @ApiResponse({ status: 200, type: HistoryPage, description: 'Newest first; keyset pagination with nextCursor' })
  @ApiResponse({ status: 400, description: 'Invalid filter, limit or cursor' })
  history(@Auth() auth: VerifiedToken, @Query() query: HistoryQuery): Promise<HistoryPage> {
    return this.services.send(ReportingRpc.history, { actor: auth.actor, query });
  }

  @Get('sub-accounts/:id/history')
  @RequireScope('history:read')
  @ApiOperation({ summary: 'The messages of one of my sub-accounts (owner only), same filters as /history' })
  @ApiResponse({ status: 200, type: HistoryPage })
  @ApiResponse({ status: 404, description: 'Not one of your sub-accounts' })
  subAccountHistory(
    @Auth() auth: VerifiedToken,
    @Param('id') id: string,
    @Query() query: HistoryQuery,
  ): Promise<HistoryPage> {
    return this.services.send(ReportingRpc.history, {
      actor: auth.actor,
      subAccountId: subAccountIdOrNotFound(id),
      query,
    });
  }
}
