import { ActorEnvelope } from '../common/actor';
import { rpc, type } from '../common/rpc';
import { PasswordResetEmailCommand } from '../identity/password-reset.payloads';
import { BalanceAlertView, UpdateBalanceAlertCommand } from './balance-alert.payloads';
import { ListNotificationsCommand, NotificationPage } from './notification.payloads';
import {
  CreatedWebhook,
  CreateWebhookCommand,
  ListWebhookDeliveriesCommand,
  ListWebhooksCommand,
  RedeliverWebhookCommand,
  UpdateWebhookCommand,
  WebhookCommand,
  WebhookDeliveryPage,
  WebhookDeliveryView,
  WebhookPage,
  WebhookView,
} from './webhook.payloads';

/** Request/reply operations of the notifications service. */
export const NotificationsRpc = {
  /** GET /account/balance-alert. */
  getBalanceAlert: rpc('notifications', 'balance-alert.get.v1', ActorEnvelope, type<BalanceAlertView>()),
  /** PUT /account/balance-alert. */
  updateBalanceAlert: rpc(
    'notifications',
    'balance-alert.update.v1',
    UpdateBalanceAlertCommand,
    type<BalanceAlertView>(),
  ),
  /** GET /account/notifications. */
  listNotifications: rpc('notifications', 'notification.list.v1', ListNotificationsCommand, type<NotificationPage>()),
  /** Identity: answers once the SMTP server accepted the mail. */
  sendPasswordResetEmail: rpc(
    'notifications',
    'email.password-reset.send.v1',
    PasswordResetEmailCommand,
    type<{ ok: true }>(),
  ),
  /** POST /webhooks. */
  createWebhook: rpc('notifications', 'webhook.create.v1', CreateWebhookCommand, type<CreatedWebhook>()),
  /** GET /webhooks. */
  listWebhooks: rpc('notifications', 'webhook.list.v1', ListWebhooksCommand, type<WebhookPage>()),
  /** GET /webhooks/{id}. */
  getWebhook: rpc('notifications', 'webhook.get.v1', WebhookCommand, type<WebhookView>()),
  /** PATCH /webhooks/{id}. */
  updateWebhook: rpc('notifications', 'webhook.update.v1', UpdateWebhookCommand, type<WebhookView>()),
  /** DELETE /webhooks/{id}. */
  deleteWebhook: rpc('notifications', 'webhook.delete.v1', WebhookCommand, type<{ deleted: true }>()),
  /** POST /webhooks/{id}/rotate-secret. */
  rotateWebhookSecret: rpc('notifications', 'webhook.rotate-secret.v1', WebhookCommand, type<CreatedWebhook>()),
  /** GET /webhooks/{id}/deliveries. */
  listWebhookDeliveries: rpc(
    'notifications',
    'webhook.delivery.list.v1',
    ListWebhookDeliveriesCommand,
    type<WebhookDeliveryPage>(),
  ),
  /** POST /webhooks/{id}/deliveries/{deliveryId}/redeliver. */
  redeliverWebhook: rpc(
    'notifications',
    'webhook.delivery.redeliver.v1',
    RedeliverWebhookCommand,
    type<WebhookDeliveryView>(),
  ),
};
