import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { HistoryCommand, HistoryPage, ReportingSubjects } from '@sms/contracts';
import { HistoryService } from './history.service';

@Controller()
export class HistoryMessageController {
  constructor(private readonly history: HistoryService) {}

  @MessagePattern(ReportingSubjects.history)
  list(@Payload() cmd: HistoryCommand): Promise<HistoryPage> {
    return this.history.list(cmd);
  }
}
