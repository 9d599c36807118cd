import { Gauge } from 'prom-client';
import { metricsRegistry } from './registry';

// Backlogs operators watch. (Business counters — SMS accepted, delivered, refunded credits,
// alerts sent — are not wired yet: each belongs to the service that commits the fact.)

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
