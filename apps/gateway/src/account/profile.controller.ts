import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  BillingDetails,
  BillingDetailsView,
  BillingDetailsResponse,
  ChangePasswordBody,
  ContactDetails,
  ContactDetailsView,
  IdentityRpc,
  MeView,
  SenderBody,
  SenderView,
} from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { RateLimited } from '../auth/rate-limit.guard';
import { Auth } from '../auth/current-actor.decorator';
import { Audited } from '../audit/audited.decorator';
import { RpcClient } from '@sms/nats';

@ApiTags('account')
@ApiBearerAuth()
@Controller()
export class ProfileController {
  constructor(private readonly services: RpcClient) {}

  @Get('me')
  @ApiOperation({ summary: 'Who I am: my user, account, role and (for a manager) the parent account' })
  @ApiResponse({ status: 200, type: MeView })
  me(@Auth() auth: VerifiedToken): Promise<MeView> {
    return this.services.send(IdentityRpc.me, { actor: auth.actor });
  }

  @Get('account/billing')
  @ApiOperation({ summary: 'My billing details (printed on the invoices issued from now on)' })
  @ApiResponse({ status: 200, type: BillingDetailsResponse })
  getBilling(@Auth() auth: VerifiedToken): Promise<BillingDetailsView> {
    return this.services.send(IdentityRpc.getBilling, { actor: auth.actor });
  }

  @Put('account/billing')
  @ApiOperation({ summary: 'Replace my billing details (invoices already issued keep theirs)' })
  @Audited({ action: 'account.billing.update', target: 'account', changes: { before: IdentityRpc.getBilling } })
  @ApiResponse({ status: 200, type: BillingDetailsResponse })
  updateBilling(@Auth() auth: VerifiedToken, @Body() billing: BillingDetails): Promise<BillingDetailsView> {
    return this.services.send(IdentityRpc.updateBilling, { actor: auth.actor, billing });
  }

  @Get('account/contact')
  @ApiOperation({ summary: 'My contact details and the language of the messages the platform sends me' })
  @ApiResponse({ status: 200, type: ContactDetailsView })
  getContact(@Auth() auth: VerifiedToken): Promise<ContactDetailsView> {
    return this.services.send(IdentityRpc.getContact, { actor: auth.actor });
  }

  @Put('account/contact')
  @RateLimited({ perUser: 'email-change', emailConflicts: true })
  @ApiOperation({ summary: 'Replace my contact details (the e-mail is also my login name)' })
  @Audited({ action: 'account.contact.update', target: 'account', changes: { before: IdentityRpc.getContact } })
  @ApiResponse({ status: 200, type: ContactDetailsView })
  @ApiResponse({ status: 409, description: 'E-mail already used by another login' })
  @ApiResponse({
    status: 429,
    description: 'Too many contact changes this hour, or too many e-mails found in use (Retry-After)',
  })
  updateContact(@Auth() auth: VerifiedToken, @Body() contact: ContactDetails): Promise<ContactDetailsView> {
    return this.services.send(IdentityRpc.updateContact, { actor: auth.actor, contact });
  }

  @Put('account/password')
  @RateLimited({ perUser: 'password-change' })
  @ApiOperation({ summary: 'Change my password; my other sessions are signed out' })
  @ApiResponse({ status: 401, description: 'Not signed in, or the current password is wrong' })
  @Audited({ action: 'account.password.change', target: 'account' })
  @HttpCode(204)
  @ApiResponse({ status: 204, description: 'Changed; the other sessions are signed out' })
  @ApiResponse({ status: 429, description: 'Too many password changes this hour (Retry-After)' })
  async changePassword(@Auth() auth: VerifiedToken, @Body() passwords: ChangePasswordBody): Promise<void> {
    await this.services.send(IdentityRpc.changePassword, {
      actor: auth.actor,
      passwords,
      sessionId: auth.sessionId,
    });
  }

  @Get('account/sender')
  @ApiOperation({ summary: 'My default sender and whether recipients can reply' })
  @ApiResponse({ status: 200, type: SenderView })
  getSender(@Auth() auth: VerifiedToken): Promise<SenderView> {
    return this.services.send(IdentityRpc.getSender, { actor: auth.actor });
  }

  @Put('account/sender')
  @ApiOperation({
    summary: 'Set or clear my default sender (a custom sender disables replies)',
    description:
      'A custom default must be usable by this account: verified or approved on GET /account/senders (or the ' +
      'parent’s, for a sub-account). null goes back to the platform’s shared number.',
  })
  @Audited({ action: 'account.sender.update', target: 'account', changes: { before: IdentityRpc.getSender } })
  @ApiResponse({ status: 200, type: SenderView })
  @ApiResponse({
    status: 422,
    description: 'The sender is not verified or approved for this account (code sender-not-approved)',
  })
  updateSender(@Auth() auth: VerifiedToken, @Body() sender: SenderBody): Promise<SenderView> {
    return this.services.send(IdentityRpc.updateSender, { actor: auth.actor, sender });
  }
}
