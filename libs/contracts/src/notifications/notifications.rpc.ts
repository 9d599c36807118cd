import { ActorEnvelope } from '../common/actor';
import { rpc, type } from '../common/rpc';
import { PasswordResetEmailCommand } from '../identity/password-reset.payloads';
import { BalanceAlertView, UpdateBalanceAlertCommand } from './balance-alert.payloads';
import { ListNotificationsCommand, NotificationPage } from './notification.payloads';

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
};
