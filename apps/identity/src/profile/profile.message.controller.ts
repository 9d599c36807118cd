import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ActorEnvelope,
  BillingDetailsView,
  ChangePasswordCommand,
  ContactDetailsView,
  IdentityRpc,
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

  @Handles(IdentityRpc.me)
  me(@Payload() q: ActorEnvelope): Promise<MeView> {
    return this.profile.me(q.actor);
  }

  @Handles(IdentityRpc.getBilling)
  getBilling(@Payload() q: ActorEnvelope): Promise<BillingDetailsView> {
    return this.profile.getBilling(q.actor);
  }

  @Handles(IdentityRpc.updateBilling)
  updateBilling(@Payload() cmd: UpdateBillingCommand): Promise<BillingDetailsView> {
    return this.profile.updateBilling(cmd.actor, cmd.billing);
  }

  @Handles(IdentityRpc.getContact)
  getContact(@Payload() q: ActorEnvelope): Promise<ContactDetailsView> {
    return this.profile.getContact(q.actor);
  }

  @Handles(IdentityRpc.updateContact)
  updateContact(@Payload() cmd: UpdateContactCommand): Promise<ContactDetailsView> {
    return this.profile.updateContact(cmd.actor, cmd.contact);
  }

  @Handles(IdentityRpc.changePassword)
  async changePassword(@Payload() cmd: ChangePasswordCommand): Promise<{ ok: true }> {
    await this.profile.changePassword(cmd);
    return { ok: true };
  }

  @Handles(IdentityRpc.getSender)
  getSender(@Payload() q: ActorEnvelope): Promise<SenderView> {
    return this.profile.getSender(q.actor);
  }

  @Handles(IdentityRpc.updateSender)
  updateSender(@Payload() cmd: UpdateSenderCommand): Promise<SenderView> {
    return this.profile.updateSender(cmd.actor, cmd.sender.defaultSender);
  }
}
