import { Handles } from '@sms/nats';
import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import {
  ApiKeyPage,
  CreateApiKeyCommand,
  CreatedApiKey,
  IdentityRpc,
  ListApiKeysQuery,
  RecordApiKeyUsageCommand,
  ResolveApiKeyQuery,
  ResolveApiKeyResult,
  RevokeApiKeyCommand,
} from '@sms/contracts';
import { ApiKeysService } from './api-keys.service';

@Controller()
export class ApiKeysMessageController {
  constructor(private readonly keys: ApiKeysService) {}

  @Handles(IdentityRpc.createApiKey)
  create(@Payload() cmd: CreateApiKeyCommand): Promise<CreatedApiKey> {
    return this.keys.create(cmd);
  }

  @Handles(IdentityRpc.listApiKeys)
  list(@Payload() q: ListApiKeysQuery): Promise<ApiKeyPage> {
    return this.keys.list(q);
  }

  @Handles(IdentityRpc.revokeApiKey)
  async revoke(@Payload() cmd: RevokeApiKeyCommand): Promise<{ revoked: true }> {
    await this.keys.revoke(cmd);
    return { revoked: true };
  }

  @Handles(IdentityRpc.resolveApiKey)
  resolve(@Payload() q: ResolveApiKeyQuery): Promise<ResolveApiKeyResult> {
    return this.keys.resolve(q.secretHash);
  }

  @Handles(IdentityRpc.recordApiKeyUsage)
  async recordUsage(@Payload() cmd: RecordApiKeyUsageCommand): Promise<{ recorded: number }> {
    await this.keys.recordUsage(cmd);
    return { recorded: cmd.usages.length };
  }
}
