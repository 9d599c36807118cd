import { Body, Controller, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  AlertCodeSent,
  BalanceAlertSettings,
  BalanceAlertView,
  NotificationListQuery,
  NotificationPage,
  NotificationsRpc,
  ResendAlertCodeBody,
  VerifyAlertChannelBody,
} from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Auth } from '../auth/current-actor.decorator';
import { Audited } from '../audit/audited.decorator';
import { RpcClient } from '@sms/nats';

const UNLIMITED = 'Unlimited sub-account: it has no balance of its own, so it cannot have a balance alert';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('account')
export class NotificationsController {
  constructor(private readonly services: RpcClient) {}

  @Get('balance-alert')
  @ApiOperation({ summary: 'The balance alert of the account you are logged in to (all null before the first PUT)' })
  @ApiResponse({ status: 200, type: BalanceAlertView })
  @ApiResponse({ status: 422, description: UNLIMITED })
  get(@Auth() auth: VerifiedToken): Promise<BalanceAlertView> {
    return this.services.send(NotificationsRpc.getBalanceAlert, { actor: auth.actor });
  }

  @Put('balance-alert')
  @Audited({
    action: 'account.balance-alert.update',
    target: 'account',
    changes: { before: NotificationsRpc.getBalanceAlert },
  })
  @ApiOperation({
    summary: 'Set the balance alert',
    description:
      'When a debit takes the balance from above `threshold` to at or below it, each active channel gets one free ' +
      'alert; it re-arms when the balance goes back above. A threshold the balance is already under alerts only at ' +
      'the next crossing. Replaces the whole setting: an omitted or null channel is removed.',
  })
  @ApiResponse({ status: 200, type: BalanceAlertView })
  @ApiResponse({ status: 400, description: 'Invalid threshold, phone (E.164) or e-mail address' })
  @ApiResponse({ status: 422, description: UNLIMITED })
  update(@Auth() auth: VerifiedToken, @Body() settings: BalanceAlertSettings): Promise<BalanceAlertView> {
    return this.services.send(NotificationsRpc.updateBalanceAlert, { actor: auth.actor, settings });
  }

  @Post('alerts/verify')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Verify an alert channel with the code sent to its address or number',
    description:
      'Saving a new e-mail address or phone number in the balance alert sends a 6-digit code to it (free, a ' +
      'platform message). Alerts go to a channel only after its code was sent back here. 5 tries per code, ' +
      'valid 30 minutes.',
  })
  @ApiResponse({ status: 200, type: BalanceAlertView })
  @ApiResponse({ status: 400, description: 'channel is not email or sms, or code is not 6 digits' })
  @ApiResponse({
    status: 422,
    description: 'Wrong, expired or exhausted code; the channel has no recipient or is already verified',
  })
  verify(@Auth() auth: VerifiedToken, @Body() body: VerifyAlertChannelBody): Promise<BalanceAlertView> {
    return this.services.send(NotificationsRpc.verifyAlertChannel, { actor: auth.actor, body });
  }

  @Post('alerts/verify/resend')
  @HttpCode(202)
  @ApiOperation({
    summary: 'Send a new verification code to an alert channel',
    description:
      'Free; limited per account and per recipient (ALERT_CODES_PER_ACCOUNT_PER_DAY, ' +
      'ALERT_CODES_PER_RECIPIENT_PER_DAY over a rolling day). A new code replaces the previous one.',
  })
  @ApiResponse({ status: 202, type: AlertCodeSent })
  @ApiResponse({ status: 400, description: 'channel is not email or sms' })
  @ApiResponse({
    status: 422,
    description:
      'The channel has no recipient or is already verified, or the operator refused the SMS to this number (recipient-refused)',
  })
  @ApiResponse({ status: 429, description: 'Too many codes sent for this account or to this recipient today' })
  @ApiResponse({
    status: 503,
    description: 'The mail server (or the SMS service) did not take the code; nothing was sent or counted, retry later',
  })
  resend(@Auth() auth: VerifiedToken, @Body() body: ResendAlertCodeBody): Promise<AlertCodeSent> {
    return this.services.send(NotificationsRpc.resendAlertCode, { actor: auth.actor, body });
  }

  @Get('notifications')
  @ApiOperation({ summary: 'The alerts raised for this account, newest first, with their delivery status' })
  @ApiResponse({ status: 200, type: NotificationPage })
  list(@Auth() auth: VerifiedToken, @Query() query: NotificationListQuery): Promise<NotificationPage> {
    return this.services.send(NotificationsRpc.listNotifications, { actor: auth.actor, query });
  }
}
