import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { MessagingSubjects, SendSystemSmsCommand, SystemSmsResult } from '@sms/contracts';
import { SystemSmsService } from './system-sms.service';

@Controller()
export class SystemSmsMessageController {
  constructor(private readonly system: SystemSmsService) {}

  @MessagePattern(MessagingSubjects.sendSystem)
  send(@Payload() cmd: SendSystemSmsCommand): Promise<SystemSmsResult> {
    return this.system.send(cmd);
  }
}
