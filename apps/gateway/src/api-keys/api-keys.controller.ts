import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import {
  ApiKeyIdParam,
  ApiKeyPage,
  CreateApiKeyBody,
  CreateApiKeyCommand,
  CreatedApiKey,
  IdentityRpc,
  ListApiKeysQuery,
  PageQuery,
  RevokeApiKeyCommand,
} from '@sms/contracts';
import { VerifiedToken } from '../auth/access-token.verifier';
import { Audited } from '../audit/audited.decorator';
import { Auth } from '../auth/current-actor.decorator';
import { RpcClient } from '@sms/nats';

/** Keys are managed by logins only: none of these routes declares a scope, so an API key gets 403. */
@ApiTags('api-keys')
@ApiBearerAuth()
@ApiResponse({ status: 403, description: 'Called with an API key: keys are managed by a login' })
@Controller('api-keys')
export class ApiKeysController {
  constructor(private readonly services: RpcClient) {}

  @Post()
  @Audited({ action: 'api-key.create', target: 'api-key', changes: 'body' })
  @ApiOperation({
    summary: 'Create an API key: its secret is in this answer only',
    description:
      'An owner’s key acts as the account, or as the sub-account named by `subAccountId` (then at most a manager’s scopes). ' +
      'A manager’s key is bound to its own sub-account. Send it as the `X-Api-Key` header.',
  })
  @ApiResponse({ status: 201, type: CreatedApiKey })
  @ApiResponse({ status: 404, description: 'subAccountId is not one of my sub-accounts' })
  @ApiResponse({
    status: 422,
    description: 'A scope a sub-account key cannot hold (code scope-beyond-sub-account), or too many live keys',
  })
  create(@Auth() auth: VerifiedToken, @Body() body: CreateApiKeyBody): Promise<CreatedApiKey> {
    const cmd: CreateApiKeyCommand = { actor: auth.actor, body };
    return this.services.send(IdentityRpc.createApiKey, cmd);
  }

  @Get()
  @ApiOperation({ summary: 'My live API keys, newest first (never their secrets); a manager sees its sub-account’s' })
  @ApiResponse({ status: 200, type: ApiKeyPage })
  list(@Auth() auth: VerifiedToken, @Query() page: PageQuery): Promise<ApiKeyPage> {
    const q: ListApiKeysQuery = { actor: auth.actor, page };
    return this.services.send(IdentityRpc.listApiKeys, q);
  }

  @Delete(':id')
  @Audited({ action: 'api-key.revoke', target: 'api-key' })
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key (owner only): refused by every gateway within a second' })
  @ApiResponse({ status: 204, description: 'Revoked' })
  @ApiResponse({ status: 404, description: 'No such live key, or not mine' })
  async revoke(@Auth() auth: VerifiedToken, @Param() p: ApiKeyIdParam): Promise<void> {
    const cmd: RevokeApiKeyCommand = { actor: auth.actor, keyId: p.id };
    await this.services.send(IdentityRpc.revokeApiKey, cmd);
  }
}
