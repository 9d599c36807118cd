import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { MessagingRpc, SendSystemSmsCommand, SystemSmsResult } from '@sms/contracts';
import { SystemSmsService } from './system-sms.service';

@Controller()
export class SystemSmsMessageController {
  constructor(private readonly system: SystemSmsService) {}

  @Handles(MessagingRpc.sendSystem)
  send(@Payload() cmd: SendSystemSmsCommand): Promise<SystemSmsResult> {
    return this.system.send(cmd);
  }
}
