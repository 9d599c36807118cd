import { Type } from 'class-transformer';
import { IsIn, IsObject, IsOptional, IsUUID, ValidateNested } from 'class-validator';

export const ROLES = ['owner', 'manager'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who is acting: taken by the gateway from a verified access token and sent with every
 * command, so services scope each query by `accountId` and never trust a client-sent id.
 */
export class Actor {
  @IsUUID()
  userId: string;

  @IsUUID()
  accountId: string;

  @IsIn(ROLES as unknown as string[])
  role: Role;

  /** Set for sub-account managers: the owner account above theirs. */
  @IsOptional()
  @IsUUID()
  parentAccountId?: string | null;
}

/** Envelope of an authenticated command or query: who acts, plus (in subclasses) what. */
export class ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => Actor)
  actor: Actor;
}
