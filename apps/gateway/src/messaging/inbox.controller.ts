import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InboxMessageView, InboxPage, InboxQuery, ListInboxCommand, MessagingRpc } from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Auth } from '../auth/current-actor.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { ApiSubAccountListProblems } from '../http/api-problem.decorator';
import { RpcClient } from '@sms/nats';

const EXAMPLE: InboxMessageView = {
  id: '8a6e0f3c-2b1d-4c5e-9f70-1a2b3c4d5e6f',
  from: '+393331234567',
  to: '+393400000100',
  text: 'Yes, see you at 10',
  receivedAt: '2026-05-01T08:03:12.000Z',
  subAccountId: '0b7f2c1e-8a8e-4a43-9d5e-1f0c0a8e2b11',
};

@ApiTags('inbox')
@ApiBearerAuth()
@Controller('inbox')
export class InboxController {
  constructor(private readonly services: RpcClient) {}

  @Get()
  @RequireScope('history:read')
  @ApiOperation({
    summary: 'Replies (mobile-originated SMS) to my messages, newest first',
    description:
      'A reply from a handset belongs to the account (or sub-account) that last sent to it from the number it answered (the shared number) within 7 days. from/to: a day YYYY-MM-DD in timeZone (Europe/Rome by default) or an ISO 8601 instant, on the time received. An owner reads a sub-account’s replies with subAccountId.',
  })
  @ApiResponse({
    status: 200,
    type: InboxPage,
    description: 'Keyset pagination with nextCursor',
    example: { items: [EXAMPLE], nextCursor: null },
  })
  @ApiSubAccountListProblems()
  list(@Auth() auth: VerifiedToken, @Query() query: InboxQuery): Promise<InboxPage> {
    const cmd: ListInboxCommand = { actor: auth.actor, query };
    return this.services.send(MessagingRpc.listInbox, cmd);
  }
}
