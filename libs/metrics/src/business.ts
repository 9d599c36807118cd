import { Counter, Gauge } from 'prom-client';
import { metricsRegistry } from './registry';

// What operators and the business watch. Each counter is incremented once, where the fact
// is committed (after the transaction), by the service that owns it.

export const smsAccepted = new Counter({
  name: 'sms_accepted_total',
  help: 'Messages accepted for sending (one per recipient), after their credits were reserved',
  registers: [metricsRegistry],
});

export const smsFinal = new Counter({
  name: 'sms_final_total',
  help: 'Messages that reached a final status, by status (delivered, failed, expired, cancelled, blocked)',
  labelNames: ['status'] as const,
  registers: [metricsRegistry],
});

export const creditsRefunded = new Counter({
  name: 'credits_refunded_total',
  help: 'Credits given back to accounts (carrier rejections, failures, expiries, cancellations)',
  registers: [metricsRegistry],
});

export const alertsSent = new Counter({
  name: 'alerts_sent_total',
  help: 'Balance alerts handed to the mail or SMS channel, by channel',
  labelNames: ['channel'] as const,
  registers: [metricsRegistry],
});

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
