import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  AddSenderCommand,
  AdminDecideSenderCommand,
  AdminListSendersQuery,
  AdminSenderPage,
  AdminSenderView,
  IdentityRpc,
  ListSendersCommand,
  ResolvedSender,
  ResolveSenderQuery,
  SenderCodeSent,
  SenderCommand,
  SenderEntryPage,
  SenderEntryView,
  VerifySenderCommand,
} from '@sms/contracts';
import { Handles } from '@sms/nats';
import { SendersService } from './senders.service';

@Controller()
export class SendersMessageController {
  constructor(private readonly senders: SendersService) {}

  @Handles(IdentityRpc.listSenders)
  list(@Payload() cmd: ListSendersCommand): Promise<SenderEntryPage> {
    return this.senders.list(cmd.actor, cmd.query);
  }

  @Handles(IdentityRpc.addSender)
  add(@Payload() cmd: AddSenderCommand): Promise<SenderEntryView> {
    return this.senders.add(cmd.actor, cmd.body.sender);
  }

  @Handles(IdentityRpc.verifySender)
  verify(@Payload() cmd: VerifySenderCommand): Promise<SenderEntryView> {
    return this.senders.verify(cmd.actor, cmd.senderId, cmd.body.code);
  }

  @Handles(IdentityRpc.resendSenderCode)
  resend(@Payload() cmd: SenderCommand): Promise<SenderCodeSent> {
    return this.senders.resendCode(cmd.actor, cmd.senderId);
  }

  @Handles(IdentityRpc.deleteSender)
  async delete(@Payload() cmd: SenderCommand): Promise<{ deleted: true }> {
    await this.senders.delete(cmd.actor, cmd.senderId);
    return { deleted: true };
  }

  @Handles(IdentityRpc.resolveSender)
  async resolve(@Payload() q: ResolveSenderQuery): Promise<ResolvedSender> {
    return { sender: await this.senders.resolve(q.actor, q.sender) };
  }

  @Handles(IdentityRpc.adminListSenders)
  adminList(@Payload() q: AdminListSendersQuery): Promise<AdminSenderPage> {
    return this.senders.adminList(q.query);
  }

  @Handles(IdentityRpc.adminDecideSender)
  adminDecide(@Payload() cmd: AdminDecideSenderCommand): Promise<AdminSenderView> {
    return this.senders.adminDecide(cmd.senderId, cmd.decision, cmd.body.note);
  }
}
