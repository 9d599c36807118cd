import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from 'class-validator';
import { Actor, ActorEnvelope } from '../common/actor';
import { PageQuery } from '../common/page';

/** What an API key may do; each gateway route that accepts keys declares the one it needs. */
export const API_KEY_SCOPES = [
  'sms:send',
  'history:read',
  'reports:read',
  'balance:read',
  'sub-accounts:read',
  'sub-accounts:write',
  'invoices:read',
  'webhooks:write',
] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

/** The scopes within a sub-account manager's rights: the most a key bound to a sub-account may hold. */
export const SUB_ACCOUNT_KEY_SCOPES: readonly ApiKeyScope[] = [
  'sms:send',
  'history:read',
  'reports:read',
  'balance:read',
  'webhooks:write',
];

/** Every secret starts with this; the gateway refuses anything else without asking identity. */
export const API_KEY_SECRET_PREFIX = 'sk_live_';
/** `sk_live_` + 43 base64url characters (32 random bytes). */
export const API_KEY_SECRET_PATTERN = /^sk_live_[A-Za-z0-9_-]{43}$/;

export class CreateApiKeyBody {
  @ApiProperty({ example: 'Shop order system', description: 'A label for people; not unique' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, example: ['sms:send', 'history:read'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @ArrayMaxSize(API_KEY_SCOPES.length)
  @IsIn(API_KEY_SCOPES as unknown as string[], {
    each: true,
    message: `each scope must be one of ${API_KEY_SCOPES.join(', ')}`,
  })
  scopes: ApiKeyScope[];

  @ApiPropertyOptional({
    format: 'uuid',
    example: '0b5c5b0e-8f1e-4c3a-9d61-2f0a7f1c9e21',
    description: 'Bind the key to one of my sub-accounts: it then acts as that sub-account’s manager',
  })
  @IsOptional()
  @IsUUID()
  subAccountId?: string;

  @ApiPropertyOptional({ format: 'date-time', example: '2027-01-01T00:00:00Z', description: 'Must be in the future' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class ApiKeyView {
  @ApiProperty({ format: 'uuid', example: '5d7a4f0e-2b1c-4e8a-9f3d-6c2b1a0e9f88' }) id: string;
  @ApiProperty({ example: 'Shop order system' }) name: string;
  @ApiProperty({ example: 'sk_live_Xk3q', description: 'The first characters of the secret, to recognise it' })
  prefix: string;
  @ApiProperty({ enum: API_KEY_SCOPES, isArray: true, example: ['sms:send', 'history:read'] }) scopes: ApiKeyScope[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, example: null }) subAccountId: string | null;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T09:15:00.000Z' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2026-11-30T10:02:41.000Z' })
  lastUsedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, example: '2027-01-01T00:00:00.000Z' })
  expiresAt: string | null;
}

export class CreatedApiKey extends ApiKeyView {
  @ApiProperty({
    example: 'sk_live_Xk3qQ2v9l1c8S0mJp4TnY7rW5aBdE6fGh0iKjLmNoPq',
    description: 'Shown this once: only its hash is stored',
  })
  secret: string;
}

export class ApiKeyPage {
  @ApiProperty({ type: [ApiKeyView] }) items: ApiKeyView[];
  @ApiProperty({ type: String, nullable: true, example: null }) nextCursor: string | null;
}

export class ApiKeyIdParam {
  @ApiProperty({ format: 'uuid', example: '5f0c2f8e-8c1d-4e5b-9a3e-2b7d6c1f0a94' })
  @IsUUID()
  id: string;
}

export class CreateApiKeyCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => CreateApiKeyBody)
  body: CreateApiKeyBody;
}

export class ListApiKeysQuery extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => PageQuery)
  page: PageQuery;
}

export class RevokeApiKeyCommand extends ActorEnvelope {
  @IsUUID()
  keyId: string;
}

/** Gateway → identity on a cache miss: the SHA-256 (hex) of a presented secret, never the secret. */
export class ResolveApiKeyQuery {
  @Matches(/^[0-9a-f]{64}$/)
  secretHash: string;
}

export class ResolvedApiKey {
  id: string;
  scopes: ApiKeyScope[];
  /** Who the key acts as: the owner of its account, or the manager of the sub-account it is bound to. */
  actor: Actor;
  expiresAt: string | null;
}

/** `key` is null for an unknown, revoked or expired key, or one bound to a deactivated sub-account. */
export class ResolveApiKeyResult {
  key: ResolvedApiKey | null;
  /** Set when the key exists but its sub-account is deactivated: the gateway forgets the refusal when told so. */
  refusedKeyId?: string;
}

export class ApiKeyUsage {
  @IsUUID()
  keyId: string;

  @IsISO8601({ strict: true })
  usedAt: string;
}

/** Gateway → identity, every few seconds: when each key used since the last report was last used. */
export class RecordApiKeyUsageCommand {
  @IsArray()
  @ArrayMaxSize(10_000)
  @ValidateNested({ each: true })
  @Type(() => ApiKeyUsage)
  usages: ApiKeyUsage[];
}

/** Core-NATS broadcast to every gateway: drop these keys from the cache (revoked, or their sub-account deactivated). */
export class ApiKeysRevoked {
  keyIds: string[];
}
