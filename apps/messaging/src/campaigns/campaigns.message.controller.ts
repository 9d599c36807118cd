import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  CampaignCommand,
  CampaignPage,
  CampaignView,
  ListCampaignsCommand,
  MessagingRpc,
  SetSendingActiveCommand,
  SetSendingActiveResult,
} from '@sms/contracts';
import { CampaignCancellationService } from './campaign-cancellation.service';
import { CampaignQueryService } from './campaign-query.service';

@Controller()
export class CampaignsMessageController {
  constructor(
    private readonly queries: CampaignQueryService,
    private readonly cancellations: CampaignCancellationService,
  ) {}

  @Handles(MessagingRpc.listCampaigns)
  list(@Payload() cmd: ListCampaignsCommand): Promise<CampaignPage> {
    return this.queries.list(cmd);
  }

  @Handles(MessagingRpc.getCampaign)
  get(@Payload() cmd: CampaignCommand): Promise<CampaignView> {
    return this.queries.get(cmd);
  }

  /** Answers `{cancelled: true}`: an empty reply would read as no answer on NATS. */
  @Handles(MessagingRpc.cancelCampaign)
  async cancel(@Payload() cmd: CampaignCommand): Promise<{ cancelled: true }> {
    await this.cancellations.cancel(cmd);
    return { cancelled: true };
  }

  @Handles(MessagingRpc.setSendingActive)
  setSendingActive(@Payload() cmd: SetSendingActiveCommand): Promise<SetSendingActiveResult> {
    return this.cancellations.setSendingActive(cmd);
  }
}
