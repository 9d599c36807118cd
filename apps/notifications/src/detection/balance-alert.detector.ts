import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { BalanceChangedData, NotificationChannel, WalletEvents } from '@sms/contracts';
import { EventConsumers, EventEnvelope } from '@sms/events';
import { EntityManager } from 'typeorm';
import { BalanceAlertRepository } from '../balance-alert/balance-alert.repository';
import { AlertRepository } from '../delivery/alert.repository';
import { NOTIFICATIONS_ENV, NotificationsEnv } from '../notifications-env';
import { balanceLowEvent } from '../webhooks/public-events';
import { WebhookFanOut } from '../webhooks/webhook-fan-out';
import { isAlertingCrossing } from './alert-state';

export const BALANCE_ALERTS_CONSUMER = 'balance-alerts';

/**
 * Applies the wallet's balance-changed events to the per-account alert state. Runs inside
 * the EventConsumer's transaction, together with its inbox row: the state change and the
 * pending alert rows commit with "event applied", so a redelivery or a restart can neither
 * repeat nor lose an alert.
 */
@Injectable()
export class BalanceAlertDetector implements OnModuleInit {
  private readonly logger = new Logger(BalanceAlertDetector.name);

  constructor(
    @Inject(EventConsumers) private readonly consumers: EventConsumers,
    @Inject(BalanceAlertRepository) private readonly settings: BalanceAlertRepository,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(NOTIFICATIONS_ENV) private readonly env: NotificationsEnv,
    @Inject(WebhookFanOut) private readonly webhooks: WebhookFanOut,
  ) {}

  /**
   * Several pullers on the one durable, so detection keeps up with the wallet's event rate.
   * Safe because the rule does not depend on arrival order (see alert-state.ts).
   */
  async onModuleInit(): Promise<void> {
    for (let i = 0; i < this.env.ALERT_CONSUMER_CONCURRENCY; i++) {
      await this.consumers.register({
        purpose: BALANCE_ALERTS_CONSUMER,
        events: [WalletEvents.balanceChanged],
        handler: (evt, em) => this.apply(evt, em),
      });
    }
  }

  async apply(evt: EventEnvelope<BalanceChangedData>, em: EntityManager): Promise<void> {
    // Validated against BalanceChangedEvent by the consumer: a malformed event never gets here.
    const { accountId, before, after, kind } = evt.data;
    // Only sending debits are crossings: a credit to a sub-account (or a reset, which refills the
    // parent) is the customer moving its own credits and must not fire or re-arm alerts at will.
    if (kind !== 'reserve') return;
    const state = await this.settings.find(accountId, em);
    if (!state) return;
    // Read-only: the decision depends on this event and the setting alone, so nothing to write unless it alerts.
    if (!isAlertingCrossing(state, { before, after, at: new Date(evt.occurredAt) })) return;
    // The same crossing is the `balance.low` webhook event, queued in this transaction too.
    await this.webhooks.publish(
      em,
      evt.id,
      balanceLowEvent(accountId, { balance: after, threshold: state.threshold }, evt.occurredAt),
    );
    const recipients: { channel: NotificationChannel; recipient: string }[] = [];
    // Only verified recipients: an unverified address would make us a free relay to anyone.
    if (state.emailActive && state.emailVerified && state.emailAddress)
      recipients.push({ channel: 'email', recipient: state.emailAddress });
    if (state.smsActive && state.smsVerified && state.smsPhone)
      recipients.push({ channel: 'sms', recipient: state.smsPhone });
    if (recipients.length === 0) return;
    // Daily cap, serialised per account (the pullers run in parallel).
    await this.alerts.lockDailyCap(em, accountId);
    const sentToday = await this.alerts.countToday(em, accountId);
    if (sentToday + recipients.length > this.env.ALERT_DAILY_CAP) {
      this.logger.warn({ msg: 'balance alert over the daily cap; not sent', accountId, sentToday });
      return;
    }
    await this.alerts.insertForCrossing(em, {
      accountId,
      eventId: evt.id,
      threshold: state.threshold,
      balance: after,
      recipients,
    });
    this.logger.log({
      msg: 'balance alert raised',
      accountId,
      threshold: state.threshold,
      balance: after,
      channels: recipients.length,
    });
  }
}
