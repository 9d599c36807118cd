import { Body, Controller, HttpCode, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { IdentityRpc, ManagerPasswordBody, SetManagerPasswordCommand, SubAccountIdParam } from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Auth } from '../auth/current-actor.decorator';
import { RpcClient } from '@sms/nats';

@ApiTags('sub-accounts')
@ApiBearerAuth()
@Controller('sub-accounts')
export class ManagerPasswordController {
  constructor(private readonly services: RpcClient) {}

  @Put(':id/manager-password')
  @HttpCode(204)
  @ApiOperation({ summary: "Set the sub-account manager's password; every session of the manager ends" })
  @ApiBody({ type: ManagerPasswordBody, examples: { set: { value: { newPassword: 'a new long secret' } } } })
  @ApiResponse({ status: 204, description: "Password set; the manager's refresh and access tokens revoked" })
  @ApiResponse({ status: 400, description: 'Password too short or too long' })
  @ApiResponse({ status: 403, description: 'A sub-account manager: only the owner sets it' })
  @ApiResponse({ status: 404, description: 'No such sub-account, or not mine' })
  async set(
    @Auth() auth: VerifiedToken,
    @Param() p: SubAccountIdParam,
    @Body() body: ManagerPasswordBody,
  ): Promise<void> {
    const cmd: SetManagerPasswordCommand = { actor: auth.actor, subAccountId: p.id, body };
    await this.services.send(IdentityRpc.setManagerPassword, cmd);
  }
}
