import { Controller, Inject } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  CreatedWebhook,
  CreateWebhookCommand,
  ListWebhookDeliveriesCommand,
  ListWebhooksCommand,
  NotificationsSubjects,
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

  @MessagePattern(NotificationsSubjects.createWebhook)
  create(@Payload() cmd: CreateWebhookCommand): Promise<CreatedWebhook> {
    return this.webhooks.create(cmd.actor, cmd.body);
  }

  @MessagePattern(NotificationsSubjects.listWebhooks)
  list(@Payload() cmd: ListWebhooksCommand): Promise<WebhookPage> {
    return this.webhooks.list(cmd.actor, cmd.page);
  }

  @MessagePattern(NotificationsSubjects.getWebhook)
  get(@Payload() cmd: WebhookCommand): Promise<WebhookView> {
    return this.webhooks.get(cmd.actor, cmd.webhookId);
  }

  @MessagePattern(NotificationsSubjects.updateWebhook)
  update(@Payload() cmd: UpdateWebhookCommand): Promise<WebhookView> {
    return this.webhooks.update(cmd.actor, cmd.webhookId, cmd.body);
  }

  @MessagePattern(NotificationsSubjects.deleteWebhook)
  async delete(@Payload() cmd: WebhookCommand): Promise<{ deleted: true }> {
    await this.webhooks.delete(cmd.actor, cmd.webhookId);
    return { deleted: true };
  }

  @MessagePattern(NotificationsSubjects.rotateWebhookSecret)
  rotate(@Payload() cmd: WebhookCommand): Promise<CreatedWebhook> {
    return this.webhooks.rotateSecret(cmd.actor, cmd.webhookId);
  }

  @MessagePattern(NotificationsSubjects.listWebhookDeliveries)
  deliveries(@Payload() cmd: ListWebhookDeliveriesCommand): Promise<WebhookDeliveryPage> {
    return this.webhooks.listDeliveries(cmd.actor, cmd.webhookId, cmd.page);
  }

  @MessagePattern(NotificationsSubjects.redeliverWebhook)
  redeliver(@Payload() cmd: RedeliverWebhookCommand): Promise<WebhookDeliveryView> {
    return this.webhooks.redeliver(cmd.actor, cmd.webhookId, cmd.deliveryId);
  }
}
