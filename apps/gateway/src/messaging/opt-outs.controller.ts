import { Body, Controller, Delete, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ListOptOutsCommand,
  MessagingRpc,
  OptOutBody,
  OptOutCommand,
  OptOutPage,
  OptOutScopeQuery,
  OptOutsQuery,
  OptOutView,
  RemoveOptOutQuery,
} from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Audited } from '../audit/audited.decorator';
import { Auth } from '../auth/current-actor.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiProblem } from '../http/api-problem.decorator';
import { RpcClient } from '@sms/nats';

const EXAMPLE: OptOutView = {
  id: '3c2b1a0f-9e8d-4c7b-a6f5-e4d3c2b1a0f9',
  phone: '+393331234567',
  source: 'stop',
  createdAt: '2026-05-01T08:03:12.000Z',
};
const NOT_MINE = 'subAccountId is not one of my sub-accounts (or I am a manager)';

@ApiTags('opt-outs')
@ApiBearerAuth()
@Controller('account/opt-outs')
export class OptOutsController {
  constructor(private readonly services: RpcClient) {}

  @Get()
  @RequireScope('history:read')
  @ApiOperation({
    summary: 'Numbers my messages are not sent to (they replied STOP or were added here), newest first',
    description:
      'Each account (and each sub-account) has its own list. A send to a listed number is not submitted and not charged; the message ends `blocked`. An owner reads a sub-account’s list with subAccountId.',
  })
  @ApiResponse({ status: 200, type: OptOutPage, example: { items: [EXAMPLE], nextCursor: null } })
  @ApiProblem(400, 'Invalid limit or cursor', 'validation-failed', 'The request is invalid.')
  @ApiProblem(404, NOT_MINE, 'not-found', 'Sub-account not found.')
  list(@Auth() auth: VerifiedToken, @Query() query: OptOutsQuery): Promise<OptOutPage> {
    const cmd: ListOptOutsCommand = { actor: auth.actor, query };
    return this.services.send(MessagingRpc.listOptOuts, cmd);
  }

  @Post()
  @Audited({ action: 'opt-out.add', target: 'account', changes: 'body' })
  @RequireScope('sms:send')
  @ApiOperation({
    summary: 'Stop sending to a number',
    description:
      'Adds the number to my list (or, owners, to a sub-account’s with subAccountId). Adding a listed number again answers its existing entry.',
  })
  @ApiResponse({ status: 201, type: OptOutView, example: { ...EXAMPLE, source: 'manual' } })
  @ApiProblem(400, 'phone is not an E.164 number', 'validation-failed', 'The request is invalid.')
  @ApiProblem(404, NOT_MINE, 'not-found', 'Sub-account not found.')
  add(@Auth() auth: VerifiedToken, @Body() body: OptOutBody, @Query() scope: OptOutScopeQuery): Promise<OptOutView> {
    const cmd: OptOutCommand = { actor: auth.actor, phone: body.phone, subAccountId: scope.subAccountId };
    return this.services.send(MessagingRpc.addOptOut, cmd);
  }

  @Delete()
  @Audited({ action: 'opt-out.remove', target: 'account', changes: 'query' })
  @RequireScope('sms:send')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Send to a number again',
    description:
      'Removes ?phone= (E.164; encode + as %2B) from my list (or a sub-account’s with subAccountId). Removing a number that is not listed is a 204 that changes nothing. Messages already blocked stay blocked.',
  })
  @ApiResponse({ status: 204, description: 'Not on the list any more' })
  @ApiProblem(400, 'phone is missing or not an E.164 number', 'validation-failed', 'The request is invalid.')
  @ApiProblem(404, NOT_MINE, 'not-found', 'Sub-account not found.')
  async remove(@Auth() auth: VerifiedToken, @Query() query: RemoveOptOutQuery): Promise<void> {
    const cmd: OptOutCommand = { actor: auth.actor, phone: query.phone, subAccountId: query.subAccountId };
    await this.services.send(MessagingRpc.removeOptOut, cmd);
  }
}
