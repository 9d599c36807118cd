import { Counter, Histogram } from 'prom-client';
import { metricsRegistry } from './registry';

// Seconds: from 1 ms (a cached read) to 10 s (a request's whole deadline).
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** RED of the HTTP API: rate and errors from the count per status, duration per route template. */
export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests served by the gateway, by method, route template and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: BUCKETS,
  registers: [metricsRegistry],
});

/** RED of the NATS request/reply handlers a service serves, by subject and outcome (ok or error). */
export const natsHandledDuration = new Histogram({
  name: 'nats_request_handled_duration_seconds',
  help: 'NATS requests handled by this service, by subject and outcome',
  labelNames: ['subject', 'outcome'] as const,
  buckets: BUCKETS,
  registers: [metricsRegistry],
});

/** RED of the NATS requests this process sends, by subject and outcome (ok, error, timeout, unavailable). */
export const natsSentDuration = new Histogram({
  name: 'nats_request_sent_duration_seconds',
  help: 'NATS requests sent by this process and their answer, by subject and outcome',
  labelNames: ['subject', 'outcome'] as const,
  buckets: BUCKETS,
  registers: [metricsRegistry],
});

/** Events taken from JetStream by a durable consumer, by consumer and outcome (processed, duplicate, failed). */
export const eventsConsumed = new Counter({
  name: 'events_consumed_total',
  help: 'JetStream events handled by a durable consumer, by consumer and outcome',
  labelNames: ['consumer', 'outcome'] as const,
  registers: [metricsRegistry],
});

/** Seconds since the clock started, as a histogram observation. */
export function secondsSince(startedNs: bigint): number {
  return Number(process.hrtime.bigint() - startedNs) / 1e9;
}
