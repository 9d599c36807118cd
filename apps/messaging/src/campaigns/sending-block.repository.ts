import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccountBlockedError } from './campaign.errors';

/** One advisory lock key per account, shared by the campaign insert and the deactivation. */
const LOCK_KEY = `hashtextextended('sending:' || $1::text, 0)`;

/**
 * Deactivated accounts may not store campaigns. A campaign insert holds the account's lock
 * shared and checks the block; a deactivation takes it exclusive, blocks, then cancels. So a
 * campaign whose reservation raced the deactivation is either stored before it (and then
 * cancelled by it) or refused after it: never stored and missed.
 */
@Injectable()
export class SendingBlockRepository {
  /** In the campaign insert's transaction, before the insert. */
  async assertMaySend(em: EntityManager, accountId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock_shared(${LOCK_KEY})`, [accountId]);
    const rows: unknown[] = await em.query(`SELECT 1 FROM messaging.blocked_accounts WHERE account_id = $1`, [
      accountId,
    ]);
    if (rows.length > 0) throw new AccountBlockedError();
  }

  /**
   * assertMaySend for the campaigns of one batch: the shared locks of all their accounts (in a
   * fixed order), then the blocked ones among them. The caller refuses those campaigns alone.
   */
  async blockedAmong(em: EntityManager, accountIds: string[]): Promise<Set<string>> {
    const distinct = [...new Set(accountIds)].sort();
    await em.query(
      `SELECT count(pg_advisory_xact_lock_shared(hashtextextended('sending:' || a, 0)))
         FROM (SELECT a FROM unnest($1::text[]) AS a ORDER BY a) ordered`,
      [distinct],
    );
    const rows: { accountId: string }[] = await em.query(
      `SELECT account_id AS "accountId" FROM messaging.blocked_accounts WHERE account_id = ANY($1::uuid[])`,
      [distinct],
    );
    return new Set(rows.map((r) => r.accountId));
  }

  /** Exclusive: waits for campaign inserts of this account in flight to commit. */
  async block(em: EntityManager, accountId: string): Promise<void> {
    await em.query(`SELECT pg_advisory_xact_lock(${LOCK_KEY})`, [accountId]);
    await em.query(`INSERT INTO messaging.blocked_accounts (account_id) VALUES ($1) ON CONFLICT DO NOTHING`, [
      accountId,
    ]);
  }

  async unblock(em: EntityManager, accountId: string): Promise<void> {
    await em.query(`DELETE FROM messaging.blocked_accounts WHERE account_id = $1`, [accountId]);
  }
}
