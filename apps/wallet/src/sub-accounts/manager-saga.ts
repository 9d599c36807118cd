import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { BackgroundLoop } from '@sms/events';
import { DeleteManagerCommand, IdentityRpc } from '@sms/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { returning, withSingletonLock } from '@sms/database';
import { WALLET_ENV, WalletEnv } from '../wallet-env';
import { RpcClient } from '@sms/nats';
import { ManagerSagaRepository } from './manager-saga.repository';

/**
 * The saga log of sub-account creation (see README): a row is 'started' before identity is
 * asked for the manager login, turns 'done' in the same transaction that creates the
 * sub-account, or is compensated (login deleted) when that transaction cannot happen. A
 * process that dies half-way leaves a 'started' row that the sweeper compensates later.
 */
@Injectable()
export class ManagerSaga implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly repo = new ManagerSagaRepository();
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
    await this.repo.start(this.ds, subAccountId, parentAccountId);
  }

  /** In the creating transaction: false when the sweeper already gave up on this saga. */
  async complete(em: EntityManager, subAccountId: string): Promise<boolean> {
    const rows = returning(await this.repo.complete(em, subAccountId));
    return rows.length > 0;
  }

  /**
   * Undoes the identity side of a creation that did not commit. Only a 'started' saga is
   * claimed, so a sub-account that exists (saga 'done') never loses its manager.
   */
  async compensate(subAccountId: string): Promise<void> {
    const claimed = returning<{ parentAccountId: string }>(await this.repo.claimForCompensation(this.ds, subAccountId));
    if (claimed[0]) await this.deleteManager(subAccountId, claimed[0].parentAccountId);
  }

  /** Marks a saga that never reached identity (identity refused) as finished. */
  async abandon(subAccountId: string): Promise<void> {
    await this.repo.abandon(this.ds, subAccountId);
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
    await this.repo.claimTimedOut(this.ds, this.env.SAGA_TIMEOUT_MS / 1000);
    const open: { subAccountId: string; parentAccountId: string }[] = await this.repo.compensating(this.ds);
    for (const s of open) await this.deleteManager(s.subAccountId, s.parentAccountId);
  }

  private async deleteManager(subAccountId: string, parentAccountId: string): Promise<void> {
    try {
      const cmd: DeleteManagerCommand = { subAccountId, parentAccountId };
      await this.identity.send(IdentityRpc.deleteManager, cmd);
      await this.repo.markCompensated(this.ds, subAccountId);
      this.logger.log({ msg: 'sub-account creation compensated', subAccountId });
    } catch (err) {
      // Left 'compensating': the sweeper retries until identity confirms.
      this.logger.warn({ msg: 'compensation failed; will retry', subAccountId, error: String(err) });
    }
  }
}
