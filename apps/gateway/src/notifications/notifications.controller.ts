import { Body, Controller, Get, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  BalanceAlertSettings,
  BalanceAlertView,
  NotificationListQuery,
  NotificationPage,
  NotificationsRpc,
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

  @Get('notifications')
  @ApiOperation({ summary: 'The alerts raised for this account, newest first, with their delivery status' })
  @ApiResponse({ status: 200, type: NotificationPage })
  list(@Auth() auth: VerifiedToken, @Query() query: NotificationListQuery): Promise<NotificationPage> {
    return this.services.send(NotificationsRpc.listNotifications, { actor: auth.actor, query });
  }
}
