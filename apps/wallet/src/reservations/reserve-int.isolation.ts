/**
 * Imported FIRST by reserve.int-spec.ts, before anything computes NATS subjects. That spec
 * starts its own wallet while wallet-ledger.int-spec.ts runs another in the same run: on the
 * same prefix they would share the queue group and answer each other's requests (and one
 * closing would drop the other's requests in flight). Its own prefix (subjects, queue group,
 * events stream) and its own database keep the two apart.
 */
export const RUN_NATS_PREFIX = process.env.NATS_PREFIX ?? '';
// One token (ServiceEnv's rule): "t123." → "t123-reserve.".
process.env.NATS_PREFIX = `${RUN_NATS_PREFIX.replace(/\.$/, '-')}reserve.`;
