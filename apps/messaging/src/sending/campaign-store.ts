import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConflictError, IdempotencyMeta, SendSmsResult } from '@sms/contracts';
import { onceForKey } from '@sms/database';
import { DataSource } from 'typeorm';
import { AccountBlockedError } from '../campaigns/campaign.errors';
import { SendingBlockRepository } from '../campaigns/sending-block.repository';
import { Outcome, TickBatcher } from '../shared/tick-batcher';
import { CampaignRepository, NewCampaign } from './campaign.repository';
import { ReservationIntentRepository } from './reservation-intent.repository';

export const campaignCancelled = () =>
  new ConflictError(
    'campaign-cancelled',
    'An earlier attempt with this Idempotency-Key was abandoned and its credits returned; send again with a new key.',
  );

export interface StoreJob {
  campaign: NewCampaign;
  idempotency?: IdempotencyMeta;
  /** What the request answers once its campaign is stored. */
  result: SendSmsResult;
}

/**
 * Stores paid campaigns (their reservation is made): intent → `stored`, the campaign, its
 * queued messages and their events, after the deactivation check, all in one transaction.
 * Requests without an Idempotency-Key are grouped per tick (TickBatcher): ONE transaction with
 * a fixed number of statements for all the campaigns of the tick. A campaign refused in a batch
 * (its intent cancelled by the sweeper, its account deactivated) is refused alone; a batch that
 * fails as a whole is retried one campaign per transaction, so each request gets its own answer.
 * With a key, the campaign is stored alone under `onceForKey`.
 */
@Injectable()
export class CampaignStore {
  private readonly logger = new Logger(CampaignStore.name);
  /**
   * Up to 4 batches at once (while one waits for its commit, the next one fills), each of at most
   * 500 campaigns and 10,000 messages: a big campaign goes alone and never slows small ones down.
   */
  private readonly batcher = new TickBatcher<StoreJob, SendSmsResult>(
    (jobs) => this.storeBatch(jobs),
    500,
    4,
    (job) => job.campaign.recipients.length,
    10_000,
  );

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly campaigns: CampaignRepository,
    private readonly intents: ReservationIntentRepository,
    private readonly blocks: SendingBlockRepository,
  ) {}

  store(job: StoreJob): Promise<SendSmsResult> {
    return job.idempotency ? this.storeOne(job) : this.batcher.submit(job);
  }

  /** One campaign, one transaction. */
  storeOne({ campaign: c, idempotency, result }: StoreJob): Promise<SendSmsResult> {
    return this.ds.transaction((em) =>
      onceForKey(em, 'messaging', c.accountId, idempotency, async () => {
        if ((await this.intents.lock(em, c.id)) === 'cancelled') throw campaignCancelled();
        // Deactivated since the reservation: refused here, and the caller refunds it.
        await this.blocks.assertMaySend(em, c.accountId);
        await this.intents.mark(em, c.id, 'stored');
        await this.campaigns.insert(em, c);
        return result;
      }),
    );
  }

  private async storeBatch(jobs: StoreJob[]): Promise<Outcome<SendSmsResult>[]> {
    if (jobs.length > 1) {
      try {
        return await this.ds.transaction(async (em) => {
          const states = await this.intents.lockMany(
            em,
            jobs.map((j) => j.campaign.id),
          );
          const blocked = await this.blocks.blockedAmong(
            em,
            jobs.map((j) => j.campaign.accountId),
          );
          const outcomes: Outcome<SendSmsResult>[] = jobs.map((j) => {
            if (states.get(j.campaign.id) === 'cancelled') return { error: campaignCancelled() };
            if (blocked.has(j.campaign.accountId)) return { error: new AccountBlockedError() };
            return { ok: j.result };
          });
          const stored = jobs.filter((_, i) => 'ok' in outcomes[i]).map((j) => j.campaign);
          await this.intents.markMany(
            em,
            stored.map((c) => c.id),
            'stored',
          );
          await this.campaigns.insertMany(em, stored);
          return outcomes;
        });
      } catch (err) {
        this.logger.warn({
          msg: 'campaign batch failed; storing its campaigns one by one',
          size: jobs.length,
          error: err instanceof Error ? err.message : String(err),
        });
      }
    }
    return Promise.all(
      jobs.map((j) =>
        this.storeOne(j).then(
          (ok): Outcome<SendSmsResult> => ({ ok }),
          (error: unknown): Outcome<SendSmsResult> => ({ error }),
        ),
      ),
    );
  }
}
