import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import {
  ApiKeyPage,
  CreateApiKeyCommand,
  CreatedApiKey,
  IdentitySubjects,
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

  @MessagePattern(IdentitySubjects.createApiKey)
  create(@Payload() cmd: CreateApiKeyCommand): Promise<CreatedApiKey> {
    return this.keys.create(cmd);
  }

  @MessagePattern(IdentitySubjects.listApiKeys)
  list(@Payload() q: ListApiKeysQuery): Promise<ApiKeyPage> {
    return this.keys.list(q);
  }

  @MessagePattern(IdentitySubjects.revokeApiKey)
  async revoke(@Payload() cmd: RevokeApiKeyCommand): Promise<{ revoked: true }> {
    await this.keys.revoke(cmd);
    return { revoked: true };
  }

  @MessagePattern(IdentitySubjects.resolveApiKey)
  resolve(@Payload() q: ResolveApiKeyQuery): Promise<ResolveApiKeyResult> {
    return this.keys.resolve(q.secretHash);
  }

  @MessagePattern(IdentitySubjects.recordApiKeyUsage)
  async recordUsage(@Payload() cmd: RecordApiKeyUsageCommand): Promise<{ recorded: number }> {
    await this.keys.recordUsage(cmd);
    return { recorded: cmd.usages.length };
  }
}
