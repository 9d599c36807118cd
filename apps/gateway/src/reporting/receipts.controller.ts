import { Controller, Get, Logger, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Actor, ExportAccepted, MessageFilter, ReportingRpc } from '@sms/contracts';
import { FastifyReply } from 'fastify';
import { PassThrough } from 'node:stream';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Auth } from '../auth/current-actor.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { RpcClient } from '@sms/nats';
import { ExportStreamsClient, IncomingExport } from './export-streams.client';
import { subAccountIdOrNotFound } from './history.controller';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Delivery receipts as .xlsx, streamed: reporting writes the workbook into acknowledged NATS
 * chunks, the gateway copies them into the response and acks each one once the socket took
 * it, so a slow client slows reporting down instead of filling memory.
 */
@ApiTags('history')
@ApiBearerAuth()
@Controller()
export class ReceiptsController {
  private readonly logger = new Logger(ReceiptsController.name);

  constructor(
    private readonly services: RpcClient,
    private readonly streams: ExportStreamsClient,
  ) {}

  @Get('delivery-receipts.xlsx')
  @RequireScope('reports:read')
  @ApiOperation({ summary: 'My delivery receipts of a day or period as an Excel workbook, one row per message' })
  @ApiProduces(XLSX)
  @ApiResponse({ status: 200, description: 'The workbook: one row per message of the period, oldest first' })
  @ApiResponse({ status: 400, description: 'Invalid filter' })
  @ApiResponse({
    status: 429,
    description: 'An export of this account is still running, or the service runs its maximum of exports (Retry-After)',
  })
  async receipts(
    @Auth() auth: VerifiedToken,
    @Query() filter: MessageFilter,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.export(auth.actor, undefined, filter, reply);
  }

  @Get('sub-accounts/:id/delivery-receipts.xlsx')
  @RequireScope('reports:read')
  @ApiOperation({ summary: 'The delivery receipts of one of my sub-accounts as an Excel workbook (owner only)' })
  @ApiProduces(XLSX)
  @ApiResponse({ status: 200, description: 'The workbook of one sub-account' })
  @ApiResponse({ status: 404, description: 'Not one of your sub-accounts' })
  @ApiResponse({
    status: 429,
    description: 'An export of this account is still running, or the service runs its maximum of exports (Retry-After)',
  })
  async subAccountReceipts(
    @Auth() auth: VerifiedToken,
    @Param('id') id: string,
    @Query() filter: MessageFilter,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    await this.export(auth.actor, subAccountIdOrNotFound(id), filter, reply);
  }

  private async export(
    actor: Actor,
    subAccountId: string | undefined,
    filter: MessageFilter,
    reply: FastifyReply,
  ): Promise<void> {
    const incoming = this.streams.open();
    let accepted: ExportAccepted;
    try {
      accepted = await this.services.send(ReportingRpc.exportReceipts, {
        actor,
        subAccountId,
        filter,
        streamSubject: incoming.subject,
      });
    } catch (err) {
      incoming.close();
      throw err; // a problem+json response, nothing sent yet
    }
    const body = new PassThrough();
    void reply
      .header('content-type', XLSX)
      .header('content-disposition', `attachment; filename="${accepted.fileName}"`)
      .header('cache-control', 'no-store')
      .send(body);
    void this.pump(incoming, accepted, body, reply);
  }

  private async pump(
    incoming: IncomingExport,
    accepted: ExportAccepted,
    body: PassThrough,
    reply: FastifyReply,
  ): Promise<void> {
    let seq = 0;
    let clientGone = false;
    reply.raw.once('close', () => {
      if (!reply.raw.writableFinished) clientGone = true;
    });
    try {
      for await (const chunk of incoming.chunks()) {
        if (clientGone || body.destroyed) break;
        seq++;
        if (!body.write(chunk)) await waitForDrain(body, reply);
        incoming.ack(accepted.ackSubject, seq);
      }
      if (clientGone || body.destroyed) incoming.cancel(accepted.ackSubject);
      else body.end();
    } catch (err) {
      this.logger.warn({ msg: 'receipts export broke off', exportId: accepted.exportId, error: String(err) });
      incoming.cancel(accepted.ackSubject);
      body.destroy(err instanceof Error ? err : new Error(String(err)));
    } finally {
      incoming.close();
    }
  }
}

function waitForDrain(body: PassThrough, reply: FastifyReply): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      body.off('drain', done);
      reply.raw.off('close', done);
      resolve();
    };
    body.once('drain', done);
    reply.raw.once('close', done);
  });
}
