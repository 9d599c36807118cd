import { ActorEnvelope } from '../common/actor';
import { rpc, type } from '../common/rpc';
import { PasswordResetEmailCommand } from '../identity/password-reset.payloads';
import {
  AlertCodeSent,
  BalanceAlertView,
  ResendAlertCodeCommand,
  UpdateBalanceAlertCommand,
  VerifyAlertChannelCommand,
} from './balance-alert.payloads';
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
  /** POST /account/alerts/verify: the code sent to a channel's recipient marks it verified. */
  verifyAlertChannel: rpc(
    'notifications',
    'balance-alert.verify.v1',
    VerifyAlertChannelCommand,
    type<BalanceAlertView>(),
  ),
  /** POST /account/alerts/verify/resend: a new code to the channel's recipient (rate-limited). */
  resendAlertCode: rpc('notifications', 'balance-alert.code.resend.v1', ResendAlertCodeCommand, type<AlertCodeSent>()),
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
