import { metricsRegistry } from '@sms/metrics';
import { Counter } from 'prom-client';

/** Receipts kept PENDING_RECEIPT_TTL_MS without any message taking them, then deleted. */
export const orphanReceiptsExpired = new Counter({
  name: 'messaging_orphan_receipts_expired_total',
  help: 'Delivery receipts kept for 24 h without matching any message, then deleted (orphans)',
  registers: [metricsRegistry],
});
