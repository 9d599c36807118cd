import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from './registry';

// Backlogs operators watch.

export const outboxBacklog = new Gauge({
  name: 'outbox_backlog',
  help: 'Committed outbox rows not yet published to JetStream, at the relay’s last pass',
  labelNames: ['schema'] as const,
  registers: [metricsRegistry],
});

export const outboxRelayLag = new Gauge({
  name: 'outbox_relay_lag_seconds',
  help: 'Age of the oldest unpublished outbox row at the relay’s last pass (0 when drained)',
  labelNames: ['schema'] as const,
  registers: [metricsRegistry],
});

// Business counters: each is incremented by the service that commits the fact, after its
// transaction commits (a rolled-back attempt never counts). Rates in Grafana come from rate().

/** messaging: customer messages accepted for sending (their campaign and reservation committed). */
export const smsAccepted = new Counter({
  name: 'sms_accepted_total',
  help: 'SMS messages accepted for sending (campaign stored, credits reserved)',
  registers: [metricsRegistry],
});

/** messaging: messages whose delivery receipt said delivered (customer and system messages). */
export const smsDelivered = new Counter({
  name: 'sms_delivered_total',
  help: 'SMS messages with a delivered receipt recorded',
  registers: [metricsRegistry],
});

/** messaging: messages whose receipt said failed or expired (their credits become due for refund). */
export const smsFailed = new Counter({
  name: 'sms_failed_total',
  help: 'SMS messages with a failed or expired receipt recorded, by final status',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
});

/** wallet: credits given back to a wallet by a refund transfer (failed, expired, cancelled messages). */
export const creditsRefunded = new Counter({
  name: 'credits_refunded_total',
  help: 'Credits returned to wallets by refund transfers',
  registers: [metricsRegistry],
});

/** notifications: balance alerts handed to the mail server or the carrier, by channel. */
export const alertsSent = new Counter({
  name: 'alerts_sent_total',
  help: 'Balance alerts sent, by channel (email, sms)',
  labelNames: ['channel'] as const,
  registers: [metricsRegistry],
});

/** notifications: webhook delivery attempts by outcome: delivered, retry (failed, will retry), failed (gave up). */
export const webhookDeliveries = new Counter({
  name: 'webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome: delivered, retry (failed, tried again later), failed (given up)',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

/** messaging (SMPP carrier): submit_sm awaiting their response, per bind; compare with carrier_window_size. */
export const carrierWindowInUse = new Gauge({
  name: 'carrier_window_in_use',
  help: 'Outstanding submit_sm (SMPP window slots in use), per bind',
  labelNames: ['bind'] as const,
  registers: [metricsRegistry],
});

export const carrierWindowSize = new Gauge({
  name: 'carrier_window_size',
  help: 'SMPP window (most outstanding submit_sm) per bind',
  labelNames: ['bind'] as const,
  registers: [metricsRegistry],
});

/** messaging (SMPP carrier): submit_sm answered "throttled" by the SMSC (the part is submitted again later). */
export const carrierThrottled = new Counter({
  name: 'carrier_throttled_total',
  help: 'submit_sm refused by the SMSC as throttled (ESME_RTHROTTLED, queue full) and retried',
  registers: [metricsRegistry],
});
