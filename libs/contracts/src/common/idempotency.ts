import { Type } from 'class-transformer';
import { IsOptional, IsString, Length, Matches, ValidateNested } from 'class-validator';
import { ActorEnvelope } from './actor';

/**
 * An Idempotency-Key as it travels to a service: the client's key and a hash of the
 * request (route + canonical body), so the same key with another body is a conflict.
 */
export class IdempotencyMeta {
  @IsString()
  @Length(1, 255)
  key: string;

  @Matches(/^[0-9a-f]{64}$/)
  requestHash: string;
}

/** A command that moves credits or money: who acts, and the request's Idempotency-Key if any. */
export class IdempotentActorEnvelope extends ActorEnvelope {
  @IsOptional()
  @ValidateNested()
  @Type(() => IdempotencyMeta)
  idempotency?: IdempotencyMeta;
}
