import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  InboxPage,
  ListInboxCommand,
  ListOptOutsCommand,
  MessagingSubjects,
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

  @MessagePattern(MessagingSubjects.listInbox)
  listInbox(@Payload() cmd: ListInboxCommand): Promise<InboxPage> {
    return this.inbox.list(cmd);
  }

  @MessagePattern(MessagingSubjects.listOptOuts)
  listOptOuts(@Payload() cmd: ListOptOutsCommand): Promise<OptOutPage> {
    return this.optOuts.list(cmd);
  }

  @MessagePattern(MessagingSubjects.addOptOut)
  addOptOut(@Payload() cmd: OptOutCommand): Promise<OptOutView> {
    return this.optOuts.add(cmd);
  }

  /** Answers `{removed}`: an empty reply would read as no answer on NATS. */
  @MessagePattern(MessagingSubjects.removeOptOut)
  removeOptOut(@Payload() cmd: OptOutCommand): Promise<{ removed: boolean }> {
    return this.optOuts.remove(cmd);
  }
}
