import { Body, Controller, Get, HttpCode, Param, Post, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  AdminDecideSenderCommand,
  AdminDecision,
  AdminDecisionBody,
  AdminSenderListQuery,
  AdminSenderPage,
  AdminSenderView,
  IdentityRpc,
  SenderIdParam,
} from '@sms/contracts';
import { RpcClient } from '@sms/nats';
import { Public } from '../auth/public.decorator';
import { ApiProblem } from '../http/api-problem.decorator';
import { AdminTokenGuard } from './admin-token.guard';

const EXAMPLE: AdminSenderView = {
  id: '7c1e9a52-3b0d-4f6e-8a21-5d9c0b4e7f13',
  accountId: '2f6d1c0a-9b8e-4d7c-a6f5-e4d3c2b1a0f9',
  company: 'Fiori di Sanremo S.r.l.',
  sender: 'FioriSRL',
  kind: 'alphanumeric',
  status: 'pending',
  createdAt: '2026-11-30T08:15:00.000Z',
  decidedAt: null,
};
export const ADMIN_SECURITY = 'admin';

/**
 * The operators' review of alphanumeric senders: every account's, so never reachable with a
 * customer's token. The bearer is ADMIN_TOKEN (AdminTokenGuard), not an access token.
 */
@ApiTags('operators')
@ApiBearerAuth(ADMIN_SECURITY)
@Public()
@UseGuards(AdminTokenGuard)
@ApiProblem(401, 'The bearer is not ADMIN_TOKEN', 'admin-token-invalid', 'The admin bearer token is missing or wrong.')
@ApiProblem(
  403,
  'No ADMIN_TOKEN is configured: the operator API is off',
  'admin-disabled',
  'The operator API is disabled here (no ADMIN_TOKEN).',
)
@Controller('admin/senders')
export class AdminSendersController {
  constructor(private readonly services: RpcClient) {}

  @Get()
  @ApiOperation({ summary: 'Operators: every account’s senders, newest first; ?status=pending is the review queue' })
  @ApiResponse({ status: 200, type: AdminSenderPage, example: { items: [EXAMPLE], nextCursor: null } })
  list(@Query() query: AdminSenderListQuery): Promise<AdminSenderPage> {
    return this.services.send(IdentityRpc.adminListSenders, { query });
  }

  @Post(':id/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'Operators: approve an alphanumeric sender (its account may send as it from now on)' })
  @ApiResponse({
    status: 200,
    type: AdminSenderView,
    example: { ...EXAMPLE, status: 'approved', decidedAt: '2026-11-30T09:00:00.000Z' },
  })
  @ApiProblem(404, 'No such sender', 'not-found', 'Sender not found.')
  @ApiProblem(
    409,
    'A number: its holder verifies it',
    'sender-not-alphanumeric',
    'Numbers are verified by their holder with a code, not approved by an operator.',
  )
  approve(@Param() p: SenderIdParam, @Body() body: AdminDecisionBody): Promise<AdminSenderView> {
    return this.decide(p.id, 'approve', body);
  }

  @Post(':id/reject')
  @HttpCode(200)
  @ApiOperation({ summary: 'Operators: reject an alphanumeric sender, pending or approved (sends with it get 422)' })
  @ApiResponse({
    status: 200,
    type: AdminSenderView,
    example: { ...EXAMPLE, status: 'rejected', decidedAt: '2026-11-30T09:00:00.000Z' },
  })
  @ApiProblem(404, 'No such sender', 'not-found', 'Sender not found.')
  @ApiProblem(
    409,
    'A number: its holder verifies it',
    'sender-not-alphanumeric',
    'Numbers are verified by their holder with a code, not approved by an operator.',
  )
  reject(@Param() p: SenderIdParam, @Body() body: AdminDecisionBody): Promise<AdminSenderView> {
    return this.decide(p.id, 'reject', body);
  }

  private decide(senderId: string, decision: AdminDecision, body: AdminDecisionBody): Promise<AdminSenderView> {
    const cmd: AdminDecideSenderCommand = { senderId, decision, body: body ?? {} };
    return this.services.send(IdentityRpc.adminDecideSender, cmd);
  }
}
