import { Controller, Inject } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Handles } from '@sms/nats';
import {
  CreatedWebhook,
  CreateWebhookCommand,
  ListWebhookDeliveriesCommand,
  ListWebhooksCommand,
  NotificationsRpc,
  RedeliverWebhookCommand,
  UpdateWebhookCommand,
  WebhookCommand,
  WebhookDeliveryPage,
  WebhookDeliveryView,
  WebhookPage,
  WebhookView,
} from '@sms/contracts';
import { WebhookService } from './webhook.service';

@Controller()
export class WebhookMessageController {
  constructor(@Inject(WebhookService) private readonly webhooks: WebhookService) {}

  @Handles(NotificationsRpc.createWebhook)
  create(@Payload() cmd: CreateWebhookCommand): Promise<CreatedWebhook> {
    return this.webhooks.create(cmd.actor, cmd.body);
  }

  @Handles(NotificationsRpc.listWebhooks)
  list(@Payload() cmd: ListWebhooksCommand): Promise<WebhookPage> {
    return this.webhooks.list(cmd.actor, cmd.page);
  }

  @Handles(NotificationsRpc.getWebhook)
  get(@Payload() cmd: WebhookCommand): Promise<WebhookView> {
    return this.webhooks.get(cmd.actor, cmd.webhookId);
  }

  @Handles(NotificationsRpc.updateWebhook)
  update(@Payload() cmd: UpdateWebhookCommand): Promise<WebhookView> {
    return this.webhooks.update(cmd.actor, cmd.webhookId, cmd.body);
  }

  @Handles(NotificationsRpc.deleteWebhook)
  async delete(@Payload() cmd: WebhookCommand): Promise<{ deleted: true }> {
    await this.webhooks.delete(cmd.actor, cmd.webhookId);
    return { deleted: true };
  }

  @Handles(NotificationsRpc.rotateWebhookSecret)
  rotate(@Payload() cmd: WebhookCommand): Promise<CreatedWebhook> {
    return this.webhooks.rotateSecret(cmd.actor, cmd.webhookId);
  }

  @Handles(NotificationsRpc.listWebhookDeliveries)
  deliveries(@Payload() cmd: ListWebhookDeliveriesCommand): Promise<WebhookDeliveryPage> {
    return this.webhooks.listDeliveries(cmd.actor, cmd.webhookId, cmd.page);
  }

  @Handles(NotificationsRpc.redeliverWebhook)
  redeliver(@Payload() cmd: RedeliverWebhookCommand): Promise<WebhookDeliveryView> {
    return this.webhooks.redeliver(cmd.actor, cmd.webhookId, cmd.deliveryId);
  }
}
