import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Handles } from '@sms/nats';
import {
  InboxPage,
  ListInboxCommand,
  ListOptOutsCommand,
  MessagingRpc,
  OptOutCommand,
  OptOutPage,
  OptOutView,
} from '@sms/contracts';
import { InboxQueryService } from './inbox-query.service';
import { OptOutService } from './opt-out.service';

@Controller()
export class InboundMessageController {
  constructor(
    private readonly inbox: InboxQueryService,
    private readonly optOuts: OptOutService,
  ) {}

  @Handles(MessagingRpc.listInbox)
  listInbox(@Payload() cmd: ListInboxCommand): Promise<InboxPage> {
    return this.inbox.list(cmd);
  }

  @Handles(MessagingRpc.listOptOuts)
  listOptOuts(@Payload() cmd: ListOptOutsCommand): Promise<OptOutPage> {
    return this.optOuts.list(cmd);
  }

  @Handles(MessagingRpc.addOptOut)
  addOptOut(@Payload() cmd: OptOutCommand): Promise<OptOutView> {
    return this.optOuts.add(cmd);
  }

  /** Answers `{removed}`: an empty reply would read as no answer on NATS. */
  @Handles(MessagingRpc.removeOptOut)
  removeOptOut(@Payload() cmd: OptOutCommand): Promise<{ removed: boolean }> {
    return this.optOuts.remove(cmd);
  }
}
