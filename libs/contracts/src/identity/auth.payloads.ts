import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IsEmail, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { ActorEnvelope, Role } from '../common/actor';

export class SignupBody {
  @ApiProperty({ example: 'anna@example.com' })
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @IsString()
  @Length(10, 128)
  password: string;

  @ApiProperty({ example: 'Anna' })
  @IsString()
  @Length(1, 100)
  firstName: string;

  @ApiProperty({ example: 'Rossi' })
  @IsString()
  @Length(1, 100)
  lastName: string;

  @ApiPropertyOptional({ example: 'Rossi S.r.l.' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  company?: string;
}

export class SignupResult {
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ format: 'uuid' }) userId: string;
}

export class LoginBody {
  @ApiProperty()
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty()
  @IsString()
  @Length(1, 128)
  password: string;
}

export class RefreshBody {
  @ApiProperty()
  @IsString()
  @Length(10, 512)
  refreshToken: string;
}

export class LogoutBody {
  @ApiPropertyOptional({ description: 'Defaults to the session of the access token' })
  @IsOptional()
  @IsString()
  @Length(10, 512)
  refreshToken?: string;
}

export class TokenPair {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ description: 'Access token lifetime in seconds' }) expiresIn: number;
}

export class LogoutCommand extends ActorEnvelope {
  @IsUUID()
  sessionId: string;

  @IsOptional()
  @IsString()
  @Length(10, 512)
  refreshToken?: string;
}

export class MeView {
  @ApiProperty({ format: 'uuid' }) userId: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ enum: ['owner', 'manager'] }) role: Role;
  @ApiProperty() email: string;
  @ApiProperty() firstName: string;
  @ApiProperty() lastName: string;
  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true }) parentAccountId?: string | null;
}

/** Claims of an access token. `sid` names the refresh-token family (the session). */
export interface AccessTokenClaims {
  sub: string;
  acc: string;
  role: Role;
  sid: string;
  pac?: string;
}
