import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { MessagingRpc, SendSmsCommand, SendSmsResult } from '@sms/contracts';
import { SendSmsService } from './send-sms.service';

@Controller()
export class SendSmsMessageController {
  constructor(private readonly sending: SendSmsService) {}

  @Handles(MessagingRpc.send)
  send(@Payload() cmd: SendSmsCommand): Promise<SendSmsResult> {
    return this.sending.send(cmd);
  }
}
