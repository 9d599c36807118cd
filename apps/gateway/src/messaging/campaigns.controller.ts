import { Controller, Delete, Get, HttpCode, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CampaignCommand,
  CampaignIdParam,
  CampaignPage,
  CampaignsQuery,
  CampaignView,
  ListCampaignsCommand,
  MessagingRpc,
} from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Audited } from '../audit/audited.decorator';
import { Auth } from '../auth/current-actor.decorator';
import { ApiProblem, ApiSubAccountListProblems } from '../http/api-problem.decorator';
import { RpcClient } from '@sms/nats';
import { RequireScope } from '../auth/require-scope.decorator';

const EXAMPLE: CampaignView = {
  id: '6f1c2a9e-3b4d-4e5f-8a7b-9c0d1e2f3a4b',
  accountId: '0b7f2c1e-8a8e-4a43-9d5e-1f0c0a8e2b11',
  submittedAt: '2026-05-01T08:00:00.000Z',
  scheduledAt: '2026-05-02T07:30:00.000Z',
  cancelledAt: null,
  sender: 'ACME',
  recipients: 3,
  segments: 1,
  creditsCharged: 3,
  counts: { delivered: 2, failed: 1 },
};

@ApiTags('campaigns')
@ApiBearerAuth()
@Controller('campaigns')
export class CampaignsController {
  constructor(private readonly services: RpcClient) {}

  @Get()
  @RequireScope('history:read')
  @ApiOperation({
    summary: 'My campaigns (one per POST /sms), newest first, with their messages counted per status',
    description:
      'from/to: a day YYYY-MM-DD in timeZone (Europe/Rome by default) or an ISO 8601 instant, on the submission time. An owner reads a sub-account’s campaigns with subAccountId.',
  })
  @ApiResponse({
    status: 200,
    type: CampaignPage,
    description: 'Keyset pagination with nextCursor',
    example: { items: [EXAMPLE], nextCursor: null },
  })
  @ApiSubAccountListProblems()
  list(@Auth() auth: VerifiedToken, @Query() query: CampaignsQuery): Promise<CampaignPage> {
    const cmd: ListCampaignsCommand = { actor: auth.actor, query };
    return this.services.send(MessagingRpc.listCampaigns, cmd);
  }

  @Get(':id')
  @RequireScope('history:read')
  @ApiOperation({ summary: 'One campaign: mine, or (owner) one of my sub-accounts’' })
  @ApiResponse({ status: 200, type: CampaignView, example: EXAMPLE })
  @ApiProblem(400, 'The id is not a UUID', 'validation-failed', 'The request is invalid.')
  @ApiProblem(404, 'No such campaign, or not mine', 'not-found', 'Campaign not found.')
  get(@Auth() auth: VerifiedToken, @Param() p: CampaignIdParam): Promise<CampaignView> {
    const cmd: CampaignCommand = { actor: auth.actor, campaignId: p.id };
    return this.services.send(MessagingRpc.getCampaign, cmd);
  }

  @Delete(':id')
  @Audited({ action: 'campaign.cancel', target: 'campaign' })
  @RequireScope('sms:send')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Cancel a campaign that has not started sending',
    description:
      'Scheduled, or queued with no message handed to the carrier yet: every message ends cancelled and its credits come back (refunds through the ledger, shortly after). Cancelling a cancelled campaign again is a 204 that changes nothing.',
  })
  @ApiResponse({ status: 204, description: 'Cancelled; credits on their way back' })
  @ApiProblem(400, 'The id is not a UUID', 'validation-failed', 'The request is invalid.')
  @ApiProblem(404, 'No such campaign, or not mine', 'not-found', 'Campaign not found.')
  @ApiProblem(
    409,
    'Sending began: a message was already handed to the carrier',
    'campaign-sending-started',
    'The campaign has started sending; it can no longer be cancelled.',
  )
  async cancel(@Auth() auth: VerifiedToken, @Param() p: CampaignIdParam): Promise<void> {
    const cmd: CampaignCommand = { actor: auth.actor, campaignId: p.id };
    await this.services.send(MessagingRpc.cancelCampaign, cmd);
  }
}
