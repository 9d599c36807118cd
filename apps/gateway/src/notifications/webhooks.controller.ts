import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  CreatedWebhook,
  CreateWebhookBody,
  CreateWebhookCommand,
  ListWebhookDeliveriesCommand,
  ListWebhooksCommand,
  NotificationsRpc,
  PageQuery,
  RedeliverWebhookCommand,
  UpdateWebhookBody,
  UpdateWebhookCommand,
  WebhookCommand,
  WebhookDeliveryPage,
  WebhookDeliveryParams,
  WebhookDeliveryView,
  WebhookIdParam,
  WebhookPage,
  WebhookView,
} from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Audited } from '../audit/audited.decorator';
import { Auth } from '../auth/current-actor.decorator';
import { RequireScope } from '../auth/require-scope.decorator';
import { RpcClient } from '@sms/nats';

const NOT_MINE = 'No such webhook, or not of the account I act as';
const BAD_URL =
  'Invalid body, or a URL that is not https, does not resolve, or resolves to a loopback, private, link-local or ' +
  'metadata address (code validation-failed, field url)';
const SIGNING =
  'Each event is POSTed as JSON with `Sms-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>` ' +
  'and `Sms-Event-Id` (the same on every retry: de-duplicate on it). Retried with exponential backoff for 24 h on ' +
  'timeouts, connection errors, 408, 429 (Retry-After honoured) and 5xx; any other answer but 2xx stops it.';

/**
 * Webhooks of the account the caller acts as: an owner's own account, a sub-account's manager its
 * sub-account, an API key (scope webhooks:write) its account or the sub-account it is bound to.
 */
@ApiTags('webhooks')
@ApiBearerAuth()
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly services: RpcClient) {}

  @Post()
  @Audited({ action: 'webhook.create', target: 'webhook', changes: 'body' })
  @RequireScope('webhooks:write')
  @ApiOperation({ summary: 'Register a webhook: its signing secret is in this answer only', description: SIGNING })
  @ApiResponse({ status: 201, type: CreatedWebhook })
  @ApiResponse({ status: 400, description: BAD_URL })
  @ApiResponse({ status: 422, description: 'The account already has 20 webhooks (code too-many-webhooks)' })
  create(@Auth() auth: VerifiedToken, @Body() body: CreateWebhookBody): Promise<CreatedWebhook> {
    const cmd: CreateWebhookCommand = { actor: auth.actor, body };
    return this.services.send(NotificationsRpc.createWebhook, cmd);
  }

  @Get()
  @RequireScope('webhooks:write')
  @ApiOperation({ summary: 'My webhooks, oldest first (never their secrets)' })
  @ApiResponse({ status: 200, type: WebhookPage })
  list(@Auth() auth: VerifiedToken, @Query() page: PageQuery): Promise<WebhookPage> {
    const cmd: ListWebhooksCommand = { actor: auth.actor, page };
    return this.services.send(NotificationsRpc.listWebhooks, cmd);
  }

  @Get(':id')
  @RequireScope('webhooks:write')
  @ApiOperation({ summary: 'One of my webhooks' })
  @ApiResponse({ status: 200, type: WebhookView })
  @ApiResponse({ status: 404, description: NOT_MINE })
  get(@Auth() auth: VerifiedToken, @Param() p: WebhookIdParam): Promise<WebhookView> {
    const cmd: WebhookCommand = { actor: auth.actor, webhookId: p.id };
    return this.services.send(NotificationsRpc.getWebhook, cmd);
  }

  @Patch(':id')
  @Audited({ action: 'webhook.update', target: 'webhook', changes: 'body' })
  @RequireScope('webhooks:write')
  @ApiOperation({
    summary: 'Change the URL or the events, pause (active false) or resume (active true clears failing)',
  })
  @ApiResponse({ status: 200, type: WebhookView })
  @ApiResponse({ status: 400, description: BAD_URL })
  @ApiResponse({ status: 404, description: NOT_MINE })
  update(
    @Auth() auth: VerifiedToken,
    @Param() p: WebhookIdParam,
    @Body() body: UpdateWebhookBody,
  ): Promise<WebhookView> {
    const cmd: UpdateWebhookCommand = { actor: auth.actor, webhookId: p.id, body };
    return this.services.send(NotificationsRpc.updateWebhook, cmd);
  }

  @Post(':id/rotate-secret')
  @Audited({ action: 'webhook.rotate-secret', target: 'webhook' })
  @RequireScope('webhooks:write')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Replace the signing secret: the new one is in this answer only and signs every attempt from now on',
  })
  @ApiResponse({ status: 200, type: CreatedWebhook })
  @ApiResponse({ status: 404, description: NOT_MINE })
  rotate(@Auth() auth: VerifiedToken, @Param() p: WebhookIdParam): Promise<CreatedWebhook> {
    const cmd: WebhookCommand = { actor: auth.actor, webhookId: p.id };
    return this.services.send(NotificationsRpc.rotateWebhookSecret, cmd);
  }

  @Get(':id/deliveries')
  @RequireScope('webhooks:write')
  @ApiOperation({
    summary: 'Deliveries of a webhook, newest first: status, attempts, last response, latency, next retry',
  })
  @ApiResponse({ status: 200, type: WebhookDeliveryPage })
  @ApiResponse({ status: 404, description: NOT_MINE })
  deliveries(
    @Auth() auth: VerifiedToken,
    @Param() p: WebhookIdParam,
    @Query() page: PageQuery,
  ): Promise<WebhookDeliveryPage> {
    const cmd: ListWebhookDeliveriesCommand = { actor: auth.actor, webhookId: p.id, page };
    return this.services.send(NotificationsRpc.listWebhookDeliveries, cmd);
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @RequireScope('webhooks:write')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send an event again (same event id, signed afresh): a new delivery, queued now',
  })
  @ApiResponse({ status: 202, type: WebhookDeliveryView })
  @ApiResponse({ status: 404, description: 'No such webhook or delivery, or not mine' })
  redeliver(@Auth() auth: VerifiedToken, @Param() p: WebhookDeliveryParams): Promise<WebhookDeliveryView> {
    const cmd: RedeliverWebhookCommand = { actor: auth.actor, webhookId: p.id, deliveryId: p.deliveryId };
    return this.services.send(NotificationsRpc.redeliverWebhook, cmd);
  }

  // Last: the authorization matrix runs operations in document order and this one removes the webhook.
  @Delete(':id')
  @Audited({ action: 'webhook.delete', target: 'webhook' })
  @RequireScope('webhooks:write')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook: nothing more is sent to it, queued deliveries included' })
  @ApiResponse({ status: 204, description: 'Deleted' })
  @ApiResponse({ status: 404, description: NOT_MINE })
  async remove(@Auth() auth: VerifiedToken, @Param() p: WebhookIdParam): Promise<void> {
    const cmd: WebhookCommand = { actor: auth.actor, webhookId: p.id };
    await this.services.send(NotificationsRpc.deleteWebhook, cmd);
  }
}
