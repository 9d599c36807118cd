import { BackgroundLoop } from '@sms/events';
import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { RemoteProblemError } from '@sms/contracts';
import { DataSource } from 'typeorm';
import { WalletClient } from '../payments/wallet.client';
import { abortRefundId } from '../shared/derived-id';
import { ReservationIntentRepository } from './reservation-intent.repository';

/** How long past an intent's deadline before it is presumed abandoned. */
export const ABANDON_MARGIN_MS = 20_000;
const SWEEP_EVERY_MS = 5_000;
const BATCH = 50;

/**
 * Gives back the credits of reservations whose campaign was never stored (the reply to the
 * reserve was lost, or messaging died before storing). The wallet refuses a reserve after
 * its deadline, so once the deadline has passed an intent can only be reserved or not,
 * never later: a full refund (or "no such reservation") settles it for good.
 */
@Injectable()
export class ReservationSweeper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReservationSweeper.name);

  private readonly loop: BackgroundLoop;

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly intents: ReservationIntentRepository,
    private readonly wallet: WalletClient,
  ) {
    this.loop = new BackgroundLoop(() => this.tick(), { name: 'ReservationSweeper', intervalMs: SWEEP_EVERY_MS });
  }

  onApplicationBootstrap(): void {
    this.loop.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.loop.stop();
  }

  /** Runs the loop now instead of at its next poll. */
  wake(): void {
    this.loop.wake();
  }

  private async tick(): Promise<boolean> {
    return this.sweep(ABANDON_MARGIN_MS);
  }

  /** One batch; true when more may be waiting. */
  async sweep(marginMs: number): Promise<boolean> {
    return this.ds.transaction(async (em) => {
      const abandoned = await this.intents.lockAbandoned(em, marginMs, BATCH);
      for (const i of abandoned) {
        try {
          await this.wallet.refund({
            refundId: abortRefundId(i.campaignId),
            reservationId: i.campaignId,
            credits: i.credits,
            messages: i.messages,
          });
          this.logger.warn({ msg: 'gave back the credits of an abandoned reservation', campaignId: i.campaignId });
        } catch (err) {
          // 404: the reserve never applied, and past its deadline it never will.
          if (!(err instanceof RemoteProblemError && err.problem.status === 404)) throw err;
        }
        await this.intents.mark(em, i.campaignId, 'cancelled');
      }
      return abandoned.length === BATCH;
    });
  }
}
