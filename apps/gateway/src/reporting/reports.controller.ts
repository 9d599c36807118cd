import { Controller, Get, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { ReportingRpc, SummaryQuery, UsageSummary } from '@sms/contracts';
import { FastifyReply } from 'fastify';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Auth } from '../auth/current-actor.decorator';
import { RpcClient } from '@sms/nats';
import { subAccountIdOrNotFound } from './history.controller';
import { RequireScope } from '../auth/require-scope.decorator';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PROBLEM = 'application/problem+json';

const BAD_REQUEST = {
  status: 400,
  description: 'from/to missing or not days, to before from, unknown groupBy or parameter',
  content: {
    [PROBLEM]: {
      example: {
        status: 400,
        title: 'Bad Request',
        detail: 'The request is invalid.',
        code: 'validation-failed',
        errors: [{ field: 'to', message: 'to must not be before from' }],
      },
    },
  },
};
const NOT_FOUND = {
  status: 404,
  description: 'subAccountId is not one of your sub-accounts (or you are a sub-account manager)',
  content: { [PROBLEM]: { example: { status: 404, title: 'Not Found', detail: 'Sub-account not found.' } } },
};
const UNAUTHORIZED = { status: 401, description: 'No or invalid access token' };

const DESCRIPTION =
  'Read from daily rollups kept by the reporting projection. Days and months are calendar days of the account time zone (Europe/Rome). ' +
  'An owner sees its own traffic and its sub-accounts’ (groupBy=subAccount: key null is its own traffic), or one sub-account with subAccountId; ' +
  'a sub-account manager sees its own. creditsRefunded counts failed, expired and cancelled messages; netCredits = charged − refunded.';

@ApiTags('reports')
@ApiBearerAuth()
@Controller('reports')
export class ReportsController {
  constructor(private readonly services: RpcClient) {}

  @Get('summary')
  @RequireScope('reports:read')
  @ApiOperation({
    summary: 'Usage per day, month or sub-account: messages, segments, credits, final statuses',
    description: DESCRIPTION,
  })
  @ApiResponse({ status: 200, type: UsageSummary })
  @ApiResponse(BAD_REQUEST)
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(NOT_FOUND)
  summary(@Auth() auth: VerifiedToken, @Query() query: SummaryQuery): Promise<UsageSummary> {
    return this.services.send(ReportingRpc.summary, { actor: auth.actor, query: scoped(query) });
  }

  @Get('summary.xlsx')
  @RequireScope('reports:read')
  @ApiOperation({
    summary: 'The usage summary as an Excel workbook (one sheet, in the account language)',
    description: DESCRIPTION,
  })
  @ApiProduces(XLSX)
  @ApiResponse({ status: 200, description: 'The workbook: a row per group, then the total' })
  @ApiResponse(BAD_REQUEST)
  @ApiResponse(UNAUTHORIZED)
  @ApiResponse(NOT_FOUND)
  async workbook(@Auth() auth: VerifiedToken, @Query() query: SummaryQuery, @Res() reply: FastifyReply): Promise<void> {
    const file = await this.services.send(ReportingRpc.summaryXlsx, {
      actor: auth.actor,
      query: scoped(query),
    });
    await reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename="${file.fileName}"`)
      .header('cache-control', 'no-store')
      .send(Buffer.from(file.base64, 'base64'));
  }
}

/** A malformed sub-account id names nothing: 404, like one that is not the caller's. */
function scoped(query: SummaryQuery): SummaryQuery {
  return query.subAccountId === undefined
    ? query
    : { ...query, subAccountId: subAccountIdOrNotFound(query.subAccountId) };
}
