import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

import { IsEmail, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { ActorEnvelope, Role } from '../common/actor';

export class SignupBody {
  @ApiProperty({ example: 'anna@example.com' })
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ minLength: 10, maxLength: 128, example: 'correct horse battery' })
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
  @ApiProperty({ format: 'uuid', example: '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c' }) accountId: string;
  @ApiProperty({ format: 'uuid', example: 'a3e4f5d6-7b8c-4d9e-8f0a-1b2c3d4e5f60' }) userId: string;
}

export class LoginBody {
  @ApiProperty({ example: 'anna@example.com' })
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'correct horse battery' })
  @IsString()
  @Length(1, 128)
  password: string;
}

export class RefreshBody {
  @ApiProperty({ example: 'rt_5Jq0b2cW9mLx7TzR1uVhN3kPdE8sYfGa' })
  @IsString()
  @Length(10, 512)
  refreshToken: string;
}

export class LogoutBody {
  @ApiPropertyOptional({
    description: 'Defaults to the session of the access token',
    example: 'rt_5Jq0b2cW9mLx7TzR1uVhN3kPdE8sYfGa',
  })
  @IsOptional()
  @IsString()
  @Length(10, 512)
  refreshToken?: string;
}

export class TokenPair {
  @ApiProperty({ example: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJhM2U0In0.sig' }) accessToken: string;
  @ApiProperty({ example: 'rt_5Jq0b2cW9mLx7TzR1uVhN3kPdE8sYfGa' }) refreshToken: string;
  @ApiProperty({ description: 'Access token lifetime in seconds', example: 900 }) expiresIn: number;
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
  @ApiProperty({ format: 'uuid', example: 'a3e4f5d6-7b8c-4d9e-8f0a-1b2c3d4e5f60' }) userId: string;
  @ApiProperty({ format: 'uuid', example: '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c' }) accountId: string;
  @ApiProperty({ enum: ['owner', 'manager'], example: 'owner' }) role: Role;
  @ApiProperty({ example: 'anna@example.com' }) email: string;
  @ApiProperty({ example: 'Anna' }) firstName: string;
  @ApiProperty({ example: 'Rossi' }) lastName: string;
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    example: '6f1d2c3b-4a5e-4f60-8b7c-9d0e1f2a3b4c',
  })
  parentAccountId?: string | null;
}

/** Claims of an access token. `sid` names the refresh-token family (the session). */
export interface AccessTokenClaims {
  sub: string;
  acc: string;
  role: Role;
  sid: string;
  pac?: string;
}
