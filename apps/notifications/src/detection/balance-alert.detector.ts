import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { BalanceChangedData, NotificationChannel, WalletEvents } from '@sms/contracts';
import { EventConsumers, EventEnvelope } from '@sms/events';
import { EntityManager } from 'typeorm';
import { BalanceAlertRecord, BalanceAlertRepository } from '../balance-alert/balance-alert.repository';
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
   * Several pullers on the one durable, each applying the events at hand in batches (libs/events'
   * batch mode: one transaction per batch, the inbox rows first), so detection keeps up with the
   * wallet's event rate without a transaction per debit. Safe because the rule does not depend on
   * arrival order (see alert-state.ts).
   */
  async onModuleInit(): Promise<void> {
    for (let i = 0; i < this.env.ALERT_CONSUMER_CONCURRENCY; i++) {
      await this.consumers.register({
        purpose: BALANCE_ALERTS_CONSUMER,
        events: [WalletEvents.balanceChanged],
        batch: { maxEvents: 500, handler: (events, em) => this.applyMany(events, em) },
        maxMessages: 500,
        maxAckPending: 5000,
      });
    }
  }

  /**
   * One batch in the consumer's transaction: the settings of its accounts in one read, then each
   * alerting crossing raised in account order (the per-account cap locks are
   * then taken in one order by every puller; a deadlock through a hash collision of two lock keys
   * fails the batch, which is redelivered).
   */
  async applyMany(events: EventEnvelope<BalanceChangedData>[], em: EntityManager): Promise<void> {
    // Validated against BalanceChangedEvent by the consumer: a malformed event never gets here.
    // Only sending debits are crossings: a credit to a sub-account (or a reset, which refills the
    // parent) is the customer moving its own credits and must not fire or re-arm alerts at will.
    const debits = events.filter((e) => e.data.kind === 'reserve');
    const settings = await this.settings.findMany([...new Set(debits.map((e) => e.data.accountId))], em);
    // Read-only: the decision depends on each event and the setting alone, so nothing to write unless it alerts.
    const alerting = debits
      .filter((e) => {
        const state = settings.get(e.data.accountId);
        const { before, after } = e.data;
        return state !== undefined && isAlertingCrossing(state, { before, after, at: new Date(e.occurredAt) });
      })
      .sort((a, b) => (a.data.accountId < b.data.accountId ? -1 : a.data.accountId > b.data.accountId ? 1 : 0));
    for (const evt of alerting) await this.raise(evt, settings.get(evt.data.accountId)!, em);
  }

  /** An alerting crossing: the `balance.low` webhook event and the alert rows (daily cap per account). */
  private async raise(
    evt: EventEnvelope<BalanceChangedData>,
    state: BalanceAlertRecord,
    em: EntityManager,
  ): Promise<void> {
    const { accountId, after } = evt.data;
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
