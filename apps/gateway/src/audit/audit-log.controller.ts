import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { AuditLogPage, AuditLogQuery, AuditVerifyResult, ReportingRpc } from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Auth } from '../auth/current-actor.decorator';
import { RpcClient } from '@sms/nats';

const PROBLEM = 'application/problem+json';

@ApiTags('audit log')
@ApiBearerAuth()
@Controller('audit-log')
export class AuditLogController {
  constructor(private readonly services: RpcClient) {}

  @Get()
  @ApiOperation({
    summary: 'Who did what on my account, newest first',
    description:
      'Every state-changing action (profile, billing, sender, password, balance alert, sub-accounts, purchases, payments), ' +
      'once each, with its actor, target, request id and client address; edits list the fields changed (never passwords or secrets). ' +
      'The owner sees its account and its sub-accounts; a sub-account manager what concerned its own sub-account. ' +
      '`from`/`to` are days of the account time zone (Europe/Rome). Keyset pagination with nextCursor.',
  })
  @ApiResponse({ status: 200, type: AuditLogPage })
  @ApiResponse({
    status: 400,
    description: 'Invalid filter, limit or cursor',
    content: {
      [PROBLEM]: {
        example: {
          status: 400,
          title: 'Bad Request',
          detail: 'The request is invalid.',
          errors: [{ field: 'action', message: 'action must be one of the following values: ...' }],
        },
      },
    },
  })
  @ApiResponse({ status: 401, description: 'No or invalid access token' })
  @ApiResponse({
    status: 404,
    description: 'subAccountId is not one of your sub-accounts (or you are a sub-account manager)',
    content: { [PROBLEM]: { example: { status: 404, title: 'Not Found', detail: 'Sub-account not found.' } } },
  })
  list(@Auth() auth: VerifiedToken, @Query() query: AuditLogQuery): Promise<AuditLogPage> {
    return this.services.send(ReportingRpc.auditLog, { actor: auth.actor, query });
  }

  @Get('verify')
  @ApiOperation({
    summary: 'Check the hash chain of my account’s audit log',
    description:
      'Each entry holds the hash of the previous one; an edited, inserted or removed entry breaks the chain. ' +
      '`brokenAt` is the id of the first entry that does not hold. Owner only.',
  })
  @ApiResponse({ status: 200, type: AuditVerifyResult })
  @ApiResponse({ status: 401, description: 'No or invalid access token' })
  @ApiResponse({
    status: 403,
    description: 'A sub-account manager',
    content: {
      [PROBLEM]: {
        example: { status: 403, title: 'Forbidden', detail: 'Only the account owner can verify the audit log.' },
      },
    },
  })
  verify(@Auth() auth: VerifiedToken): Promise<AuditVerifyResult> {
    return this.services.send(ReportingRpc.auditVerify, { actor: auth.actor });
  }
}
