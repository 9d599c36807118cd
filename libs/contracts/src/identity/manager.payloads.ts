import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsEmail,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  ValidateNested,
} from 'class-validator';

/** The person who logs in to a sub-account. */
export class ManagerDetails {
  @ApiProperty({ example: 'Marco' })
  @IsString()
  @Length(1, 100)
  firstName: string;

  @ApiProperty({ example: 'Bianchi' })
  @IsString()
  @Length(1, 100)
  lastName: string;

  @ApiProperty({ example: 'marco@example.com', description: 'The manager’s login; unique among all users' })
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email: string;
}

export class ManagerDetailsPatch {
  @ApiPropertyOptional({ example: 'Anna' }) @IsOptional() @IsString() @Length(1, 100) firstName?: string;
  @ApiPropertyOptional({ example: 'Rossi' }) @IsOptional() @IsString() @Length(1, 100) lastName?: string;

  @ApiPropertyOptional({ example: 'anna@example.com' })
  @IsOptional()
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email?: string;
}

/** Wallet → identity: which sub-account of which owner account. Identity checks both. */
export class SubAccountRef {
  @IsUUID()
  subAccountId: string;

  @IsUUID()
  parentAccountId: string;
}

/**
 * Creates the sub-account's identity account (its id chosen by the wallet) and its manager
 * login in one transaction. Idempotent by `subAccountId`: repeating it returns the same user.
 */
export class CreateManagerCommand extends SubAccountRef {
  @IsObject()
  @ValidateNested()
  @Type(() => ManagerDetails)
  manager: ManagerDetails;

  @IsString()
  @Length(10, 128)
  password: string;
}

export class ManagerResult {
  userId: string;
  firstName: string;
  lastName: string;
  email: string;
  active: boolean;
}

export class UpdateManagerCommand extends SubAccountRef {
  @IsObject()
  @ValidateNested()
  @Type(() => ManagerDetailsPatch)
  manager: ManagerDetailsPatch;
}

/** Deactivation also revokes every session of the manager (see SessionsRevokedBroadcast). */
export class SetManagerActiveCommand extends SubAccountRef {
  @IsBoolean()
  active: boolean;
}

/** Compensation of CreateManagerCommand: removes the login and the identity account. */
export class DeleteManagerCommand extends SubAccountRef {}

export class DeleteManagerResult {
  deleted: boolean;
}

/** A session (refresh-token family, the `sid` claim) whose access tokens must be refused. */
export class RevokedSession {
  sessionId: string;
  /** ISO time after which no access token of this session can be valid anyway. */
  expiresAt: string;
}

/** Reply of `listRevokedSessions` and body of the `sessionsRevoked` broadcast. */
export class RevokedSessionsList {
  sessions: RevokedSession[];
}
