import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsIn,
  IsISO8601,
  IsObject,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ActorEnvelope } from '../common/actor';
import { LANGUAGES, Language } from './profile.payloads';

/** POST /auth/password-reset: always 202, whether or not the address is known. */
export class PasswordResetRequestBody {
  @ApiProperty({ example: 'anna@example.com' })
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email: string;
}

/** POST /auth/password-reset/confirm. */
export class PasswordResetConfirmBody {
  @ApiProperty({ description: 'The token from the e-mail', example: 'q8Xb0Jt2a9c1kzYh3n4PwL5mR6sT7uV8wX9yZ0aB1cD' })
  @IsString()
  @Length(20, 200)
  @Matches(/^[A-Za-z0-9_-]+$/, { message: 'token is not a token sent by this service' })
  token: string;

  @ApiProperty({ minLength: 10, maxLength: 128, example: 'a new long secret' })
  @IsString()
  @Length(10, 128)
  newPassword: string;
}

/** PUT /sub-accounts/{id}/manager-password (owner only). */
export class ManagerPasswordBody {
  @ApiProperty({ minLength: 10, maxLength: 128, example: 'a new long secret' })
  @IsString()
  @Length(10, 128)
  newPassword: string;
}

export class SetManagerPasswordCommand extends ActorEnvelope {
  @IsUUID()
  subAccountId: string;

  @IsObject()
  @ValidateNested()
  @Type(() => ManagerPasswordBody)
  body: ManagerPasswordBody;
}

/** Identity → notifications (request/reply): send the reset mail now; the token is never stored in clear. */
export class PasswordResetEmailCommand {
  @IsUUID()
  resetId: string;

  @IsEmail()
  to: string;

  @IsString()
  @Length(1, 100)
  firstName: string;

  @IsIn(LANGUAGES as unknown as string[])
  language: Language;

  @IsString()
  @Length(20, 200)
  token: string;

  @IsISO8601({ strict: true })
  expiresAt: string;
}
