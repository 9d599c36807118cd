import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { MessagingSubjects, SendSmsCommand, SendSmsResult } from '@sms/contracts';
import { SendSmsService } from './send-sms.service';

@Controller()
export class SendSmsMessageController {
  constructor(private readonly sending: SendSmsService) {}

  @MessagePattern(MessagingSubjects.send)
  send(@Payload() cmd: SendSmsCommand): Promise<SendSmsResult> {
    return this.sending.send(cmd);
  }
}
