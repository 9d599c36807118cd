import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  BillingDetails,
  BillingDetailsResponse,
  ChangePasswordBody,
  ContactDetails,
  ContactDetailsView,
  IdentitySubjects,
  MeView,
  SenderBody,
  SenderView,
} from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Auth } from '../auth/current-actor.decorator';
import { ServicesClient } from '../rpc/rpc.module';

@ApiTags('account')
@ApiBearerAuth()
@Controller()
export class ProfileController {
  constructor(private readonly services: ServicesClient) {}

  @Get('me')
  @ApiResponse({ status: 200, type: MeView })
  me(@Auth() auth: VerifiedToken): Promise<MeView> {
    return this.services.send(IdentitySubjects.me, { actor: auth.actor });
  }

  @Get('account/billing')
  @ApiResponse({ status: 200, type: BillingDetailsResponse })
  getBilling(@Auth() auth: VerifiedToken): Promise<BillingDetails> {
    return this.services.send(IdentitySubjects.getBilling, { actor: auth.actor });
  }

  @Put('account/billing')
  @ApiResponse({ status: 200, type: BillingDetailsResponse })
  updateBilling(@Auth() auth: VerifiedToken, @Body() billing: BillingDetails): Promise<BillingDetails> {
    return this.services.send(IdentitySubjects.updateBilling, { actor: auth.actor, billing });
  }

  @Get('account/contact')
  @ApiResponse({ status: 200, type: ContactDetailsView })
  getContact(@Auth() auth: VerifiedToken): Promise<ContactDetailsView> {
    return this.services.send(IdentitySubjects.getContact, { actor: auth.actor });
  }

  @Put('account/contact')
  @ApiResponse({ status: 200, type: ContactDetailsView })
  @ApiResponse({ status: 409, description: 'E-mail already used by another login' })
  updateContact(@Auth() auth: VerifiedToken, @Body() contact: ContactDetails): Promise<ContactDetailsView> {
    return this.services.send(IdentitySubjects.updateContact, { actor: auth.actor, contact });
  }

  @Put('account/password')
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'Changed; the other sessions are signed out' })
  async changePassword(@Auth() auth: VerifiedToken, @Body() passwords: ChangePasswordBody): Promise<void> {
    await this.services.send(IdentitySubjects.changePassword, {
      actor: auth.actor,
      passwords,
      sessionId: auth.sessionId,
    });
  }

  @Get('account/sender')
  @ApiResponse({ status: 200, type: SenderView })
  getSender(@Auth() auth: VerifiedToken): Promise<SenderView> {
    return this.services.send(IdentitySubjects.getSender, { actor: auth.actor });
  }

  @Put('account/sender')
  @ApiResponse({ status: 200, type: SenderView })
  updateSender(@Auth() auth: VerifiedToken, @Body() sender: SenderBody): Promise<SenderView> {
    return this.services.send(IdentitySubjects.updateSender, { actor: auth.actor, sender });
  }
}
