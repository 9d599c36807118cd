import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { HistoryCommand, HistoryPage, ReportingRpc } from '@sms/contracts';
import { HistoryService } from './history.service';

@Controller()
export class HistoryMessageController {
  constructor(private readonly history: HistoryService) {}

  @Handles(ReportingRpc.history)
  list(@Payload() cmd: HistoryCommand): Promise<HistoryPage> {
    return this.history.list(cmd);
  }
}
