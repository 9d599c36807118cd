import { ConflictError, IdempotencyMeta } from '@sms/contracts';
import { EntityManager } from 'typeorm';

/**
 * Runs `work` at most once per (account, key), inside the caller's transaction, so the
 * stored response commits together with the effect. A concurrent retry blocks on the
 * key's row until the first commits, then gets the first response. The same key with a
 * different request is a 409. Without a key, `work` simply runs.
 */
export async function onceForKey<T>(
  em: EntityManager,
  schema: string,
  accountId: string,
  meta: IdempotencyMeta | undefined,
  work: () => Promise<T>,
): Promise<T> {
  if (!meta) return work();
  const inserted: unknown[] = await em.query(
    `INSERT INTO "${schema}".idempotency_keys (account_id, key, request_hash, response)
     VALUES ($1, $2, $3, 'null'::jsonb) ON CONFLICT DO NOTHING RETURNING 1`,
    [accountId, meta.key, meta.requestHash],
  );
  if (inserted.length === 0) {
    const rows: { requestHash: string; response: T }[] = await em.query(
      `SELECT request_hash AS "requestHash", response FROM "${schema}".idempotency_keys WHERE account_id = $1 AND key = $2`,
      [accountId, meta.key],
    );
    if (rows[0].requestHash !== meta.requestHash) {
      throw new ConflictError(
        'idempotency-key-reused',
        'This Idempotency-Key was already used with a different request.',
      );
    }
    return rows[0].response;
  }
  const result = await work();
  await em.query(`UPDATE "${schema}".idempotency_keys SET response = $3 WHERE account_id = $1 AND key = $2`, [
    accountId,
    meta.key,
    JSON.stringify(result ?? null),
  ]);
  return result;
}
