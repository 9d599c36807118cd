import { waitForSettled } from '@sms/events';
import { e2eState } from './e2e-state';

/**
 * The e2e stack has settled: every outbox drained and every consumer caught up. Await this
 * before asserting that something did NOT happen (no second credit, no new alert).
 */
export function settled(): Promise<void> {
  const { databaseUrl, env } = e2eState();
  return waitForSettled({ databaseUrl, natsUrl: env.NATS_URL, natsPrefix: env.NATS_PREFIX });
}
