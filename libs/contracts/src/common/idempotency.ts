import { IsString, Length, Matches } from 'class-validator';

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
