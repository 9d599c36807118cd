import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ActorEnvelope,
  BillingDetailsView,
  ChangePasswordCommand,
  ContactDetailsView,
  IdentitySubjects,
  MeView,
  SenderView,
  UpdateBillingCommand,
  UpdateContactCommand,
  UpdateSenderCommand,
} from '@sms/contracts';
import { ProfileService } from './profile.service';

@Controller()
export class ProfileMessageController {
  constructor(private readonly profile: ProfileService) {}

  @MessagePattern(IdentitySubjects.me)
  me(@Payload() q: ActorEnvelope): Promise<MeView> {
    return this.profile.me(q.actor);
  }

  @MessagePattern(IdentitySubjects.getBilling)
  getBilling(@Payload() q: ActorEnvelope): Promise<BillingDetailsView> {
    return this.profile.getBilling(q.actor);
  }

  @MessagePattern(IdentitySubjects.updateBilling)
  updateBilling(@Payload() cmd: UpdateBillingCommand): Promise<BillingDetailsView> {
    return this.profile.updateBilling(cmd.actor, cmd.billing);
  }

  @MessagePattern(IdentitySubjects.getContact)
  getContact(@Payload() q: ActorEnvelope): Promise<ContactDetailsView> {
    return this.profile.getContact(q.actor);
  }

  @MessagePattern(IdentitySubjects.updateContact)
  updateContact(@Payload() cmd: UpdateContactCommand): Promise<ContactDetailsView> {
    return this.profile.updateContact(cmd.actor, cmd.contact);
  }

  @MessagePattern(IdentitySubjects.changePassword)
  async changePassword(@Payload() cmd: ChangePasswordCommand): Promise<{ ok: true }> {
    await this.profile.changePassword(cmd);
    return { ok: true };
  }

  @MessagePattern(IdentitySubjects.getSender)
  getSender(@Payload() q: ActorEnvelope): Promise<SenderView> {
    return this.profile.getSender(q.actor);
  }

  @MessagePattern(IdentitySubjects.updateSender)
  updateSender(@Payload() cmd: UpdateSenderCommand): Promise<SenderView> {
    return this.profile.updateSender(cmd.actor, cmd.sender.defaultSender);
  }
}
