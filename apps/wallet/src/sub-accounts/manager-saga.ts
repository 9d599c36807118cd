import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BackgroundLoop } from '@sms/events';
import { DeleteManagerCommand, IdentityRpc } from '@sms/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { returning, withSingletonLock } from '@sms/database';
import { WALLET_ENV, WalletEnv } from '../wallet-env';
import { RpcClient } from '@sms/nats';

/**
 * The saga log of sub-account creation (see README): a row is 'started' before identity is
 * asked for the manager login, turns 'done' in the same transaction that creates the
 * sub-account, or is compensated (login deleted) when that transaction cannot happen. A
 * process that dies half-way leaves a 'started' row that the sweeper compensates later.
 */
@Injectable()
export class ManagerSaga implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(ManagerSaga.name);
  private readonly loop: BackgroundLoop;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    @Inject(WALLET_ENV) private readonly env: WalletEnv,
    private readonly identity: RpcClient,
  ) {
    this.loop = new BackgroundLoop(() => this.sweep(), {
      name: 'ManagerSaga sweeper',
      intervalMs: env.SAGA_SWEEP_INTERVAL_MS,
      runAtStart: false,
    });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Opens (or re-opens, after an earlier compensated attempt with the same id) the saga. */
  async start(subAccountId: string, parentAccountId: string): Promise<void> {
    await this.ds.query(
      `INSERT INTO wallet.sub_account_sagas (sub_account_id, parent_account_id, state) VALUES ($1, $2, 'started')
       ON CONFLICT (sub_account_id) DO UPDATE SET state = 'started', created_at = now(), updated_at = now()
       WHERE wallet.sub_account_sagas.state = 'compensated'`,
      [subAccountId, parentAccountId],
    );
  }

  /** In the creating transaction: false when the sweeper already gave up on this saga. */
  async complete(em: EntityManager, subAccountId: string): Promise<boolean> {
    const rows = returning(
      await em.query(
        `UPDATE wallet.sub_account_sagas SET state = 'done', updated_at = now()
       WHERE sub_account_id = $1 AND state = 'started' RETURNING 1`,
        [subAccountId],
      ),
    );
    return rows.length > 0;
  }

  /**
   * Undoes the identity side of a creation that did not commit. Only a 'started' saga is
   * claimed, so a sub-account that exists (saga 'done') never loses its manager.
   */
  async compensate(subAccountId: string): Promise<void> {
    const claimed = returning<{ parentAccountId: string }>(
      await this.ds.query(
        `UPDATE wallet.sub_account_sagas SET state = 'compensating', updated_at = now()
       WHERE sub_account_id = $1 AND state = 'started' RETURNING parent_account_id AS "parentAccountId"`,
        [subAccountId],
      ),
    );
    if (claimed[0]) await this.deleteManager(subAccountId, claimed[0].parentAccountId);
  }

  /** Marks a saga that never reached identity (identity refused) as finished. */
  async abandon(subAccountId: string): Promise<void> {
    await this.ds.query(
      `UPDATE wallet.sub_account_sagas SET state = 'compensated', updated_at = now()
       WHERE sub_account_id = $1 AND state = 'started'`,
      [subAccountId],
    );
  }

  /** One replica at a time (the others skip this round), so two never compensate the same saga at once. */
  async sweep(): Promise<void> {
    try {
      await withSingletonLock(this.ds, 'wallet:manager-saga-sweep', () => this.sweepOnce());
    } catch (err) {
      this.logger.warn({ msg: 'saga sweep failed; will retry', error: String(err) });
    }
  }

  private async sweepOnce(): Promise<void> {
    await this.ds.query(
      `UPDATE wallet.sub_account_sagas SET state = 'compensating', updated_at = now()
       WHERE state = 'started' AND created_at < now() - make_interval(secs => $1)`,
      [this.env.SAGA_TIMEOUT_MS / 1000],
    );
    const open: { subAccountId: string; parentAccountId: string }[] = await this.ds.query(
      `SELECT sub_account_id AS "subAccountId", parent_account_id AS "parentAccountId"
       FROM wallet.sub_account_sagas WHERE state = 'compensating' ORDER BY created_at LIMIT 100`,
    );
    for (const s of open) await this.deleteManager(s.subAccountId, s.parentAccountId);
  }

  private async deleteManager(subAccountId: string, parentAccountId: string): Promise<void> {
    try {
      const cmd: DeleteManagerCommand = { subAccountId, parentAccountId };
      await this.identity.send(IdentityRpc.deleteManager, cmd);
      await this.ds.query(
        `UPDATE wallet.sub_account_sagas SET state = 'compensated', updated_at = now() WHERE sub_account_id = $1`,
        [subAccountId],
      );
      this.logger.log({ msg: 'sub-account creation compensated', subAccountId });
    } catch (err) {
      // Left 'compensating': the sweeper retries until identity confirms.
      this.logger.warn({ msg: 'compensation failed; will retry', subAccountId, error: String(err) });
    }
  }
}
