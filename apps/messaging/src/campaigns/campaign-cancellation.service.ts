import { Inject, Injectable, Logger } from '@nestjs/common';
import { CampaignCommand, NotFoundError, SetSendingActiveCommand, SetSendingActiveResult } from '@sms/contracts';
import { EventPublisher } from '@sms/events';
import { DataSource } from 'typeorm';
import { SettlementWorker } from '../payments/settlement.worker';
import { CampaignCancellationRepository } from './campaign-cancellation.repository';
import { SendingBlockRepository } from './sending-block.repository';

/**
 * DELETE /campaigns/{id} and a sub-account's deactivation. Cancelled messages owe a refund
 * (refund_state 'due'); the settlement worker settles the campaign once nothing is queued
 * and returns each cancelled message's credits through the wallet, idempotently by id.
 */
@Injectable()
export class CampaignCancellationService {
  private readonly logger = new Logger(CampaignCancellationService.name);

  constructor(
    @Inject(DataSource) private readonly ds: DataSource,
    private readonly cancellations: CampaignCancellationRepository,
    private readonly blocks: SendingBlockRepository,
    private readonly events: EventPublisher,
    private readonly settlement: SettlementWorker,
  ) {}

  /** 404 for a campaign the actor may not see; 409 once a message left the queue; repeat = no-op. */
  async cancel(cmd: CampaignCommand): Promise<void> {
    const cancelled = await this.ds.transaction(async (em) => {
      const campaign = await this.cancellations.lockVisible(em, cmd.actor, cmd.campaignId);
      if (!campaign) throw new NotFoundError('Campaign');
      if (campaign.cancelledAt) return 0;
      return this.cancellations.cancelUntouched(em, campaign);
    });
    this.afterCommit(cancelled);
    if (cancelled > 0) this.logger.log({ msg: 'campaign cancelled', campaignId: cmd.campaignId, cancelled });
  }

  /**
   * Deactivation: block the account, then cancel every queued message of it in the same
   * transaction (waiting for a dispatcher batch that holds some of them). When this returns,
   * each of its messages is either committed as handed to the carrier or cancelled.
   */
  async setSendingActive(cmd: SetSendingActiveCommand): Promise<SetSendingActiveResult> {
    const cancelled = await this.ds.transaction(async (em) => {
      if (cmd.active) {
        await this.blocks.unblock(em, cmd.accountId);
        return 0;
      }
      await this.blocks.block(em, cmd.accountId);
      return this.cancellations.cancelQueuedOfAccount(em, cmd.accountId);
    });
    this.afterCommit(cancelled);
    if (cancelled > 0) this.logger.log({ msg: 'deactivated account: messages cancelled', ...cmd, cancelled });
    return { accountId: cmd.accountId, active: cmd.active, cancelledMessages: cancelled };
  }

  private afterCommit(cancelled: number): void {
    if (cancelled === 0) return;
    this.events.notifyCommitted();
    this.settlement.wake();
  }
}
