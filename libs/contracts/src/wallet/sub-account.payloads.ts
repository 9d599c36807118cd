import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ActorEnvelope } from '../common/actor';
import { IdempotencyMeta } from '../common/idempotency';
import { ManagerDetails, ManagerDetailsPatch } from '../identity/manager.payloads';

/** Largest number of credits one request may move: far above any real pack, far below 2^53. */
export const MAX_CREDITS_PER_REQUEST = 100_000_000;

export class CreateSubAccountBody {
  @ApiProperty({ example: 'Milan office' })
  @IsString()
  @Length(1, 100)
  name: string;

  @ApiProperty({ type: ManagerDetails })
  @IsObject()
  @ValidateNested()
  @Type(() => ManagerDetails)
  manager: ManagerDetails;

  @ApiProperty({
    minLength: 10,
    maxLength: 128,
    description: 'The manager’s initial password',
    example: 'correct horse battery',
  })
  @IsString()
  @Length(10, 128)
  password: string;

  @ApiProperty({
    description: 'True: spends from the parent’s balance; false: only what is credited to it',
    example: false,
  })
  @IsBoolean()
  unlimited: boolean;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_CREDITS_PER_REQUEST,
    description: 'Initial credits moved from the parent (limited only)',
  })
  @IsOptional()
  @IsInt({ message: 'credits must be an integer' })
  @Min(0)
  @Max(MAX_CREDITS_PER_REQUEST)
  credits?: number;
}

export class UpdateSubAccountBody {
  @ApiPropertyOptional({ example: 'Negozio Sanremo Centro' }) @IsOptional() @IsString() @Length(1, 100) name?: string;

  @ApiPropertyOptional({ type: ManagerDetailsPatch })
  @IsOptional()
  @ValidateNested()
  @Type(() => ManagerDetailsPatch)
  manager?: ManagerDetailsPatch;

  @ApiPropertyOptional({
    description: 'Switching to unlimited returns the sub-account’s credits to the parent',
    example: false,
  })
  @IsOptional()
  @IsBoolean()
  unlimited?: boolean;
}

export class CreditSubAccountBody {
  @ApiProperty({ minimum: 1, maximum: MAX_CREDITS_PER_REQUEST, example: 1200 })
  @IsInt({ message: 'credits must be an integer' })
  @Min(1)
  @Max(MAX_CREDITS_PER_REQUEST)
  credits: number;
}

export class ManagerView {
  @ApiProperty({ example: 'Anna' }) firstName: string;
  @ApiProperty({ example: 'Rossi' }) lastName: string;
  @ApiProperty({ example: 'anna@example.com' }) email: string;
}

export class SubAccountView {
  @ApiProperty({ format: 'uuid', example: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10' }) id: string;
  @ApiProperty({ example: 'Negozio Sanremo Centro' }) name: string;
  @ApiProperty({ type: ManagerView }) manager: ManagerView;
  @ApiProperty({ description: 'Messages of the sub-account handed to (accepted by) the carrier', example: 340 })
  smsSent: number;
  @ApiProperty({
    description: "Credits charged this calendar month (account's time zone), net of refunds",
    example: 130,
  })
  creditsUsedThisMonth: number;
  @ApiProperty({ description: 'The same for the previous calendar month', example: 0 })
  creditsUsedLastMonth: number;
  @ApiProperty({ description: 'Its own balance (0 for an unlimited one, which spends the parent’s)', example: 1200 })
  credits: number;
  @ApiProperty({ example: false }) unlimited: boolean;
  @ApiProperty({ example: true }) active: boolean;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T09:15:00.000Z' }) createdAt: string;
}

export class SubAccountPage {
  @ApiProperty({ type: [SubAccountView] }) items: SubAccountView[];
  @ApiProperty({ type: String, nullable: true, example: 'eyJjIjoiMjAyNi0xMS0zMFQwOToxNTowMFoiLCJpIjoiMGI1YyJ9' })
  nextCursor: string | null;
}

export class SubAccountRefView {
  @ApiProperty({ format: 'uuid', example: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10' }) id: string;
  @ApiProperty({ example: 'Negozio Sanremo Centro' }) name: string;
}

export class TransactionView {
  @ApiProperty({ format: 'uuid', example: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10' }) id: string;
  @ApiProperty({ format: 'date-time', example: '2026-11-30T09:15:00.000Z' }) createdAt: string;
  @ApiProperty({ enum: ['credit', 'reset'], example: 'credit' }) kind: 'credit' | 'reset';
  @ApiProperty({
    description: 'Credits moved: to the sub-account for a credit, back to the parent for a reset',
    example: 1200,
  })
  credits: number;
  @ApiProperty({ type: SubAccountRefView }) subAccount: SubAccountRefView;
}

export class CreditResult {
  @ApiProperty({ type: TransactionView }) transaction: TransactionView;
  @ApiProperty({ example: 800 }) parentCredits: number;
  @ApiProperty({ example: 400 }) subAccountCredits: number;
}

export class ResetResult {
  @ApiProperty({ type: TransactionView, nullable: true, description: 'null when the sub-account held nothing' })
  transaction: TransactionView | null;
}

// ---- NATS commands: the HTTP body plus who acts (and the Idempotency-Key, where honoured) ----

export class SubAccountQuery extends ActorEnvelope {
  @IsUUID()
  subAccountId: string;
}

export class CreateSubAccountCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => CreateSubAccountBody)
  body: CreateSubAccountBody;

  @IsOptional()
  @ValidateNested()
  @Type(() => IdempotencyMeta)
  idempotency?: IdempotencyMeta;
}

export class UpdateSubAccountCommand extends SubAccountQuery {
  @IsObject()
  @ValidateNested()
  @Type(() => UpdateSubAccountBody)
  body: UpdateSubAccountBody;
}

export class CreditSubAccountCommand extends SubAccountQuery {
  @IsObject()
  @ValidateNested()
  @Type(() => CreditSubAccountBody)
  body: CreditSubAccountBody;

  @IsOptional()
  @ValidateNested()
  @Type(() => IdempotencyMeta)
  idempotency?: IdempotencyMeta;
}

export class ResetSubAccountCommand extends SubAccountQuery {
  @IsOptional()
  @ValidateNested()
  @Type(() => IdempotencyMeta)
  idempotency?: IdempotencyMeta;
}

/** `/sub-accounts/{id}`: a malformed id is a 400, an unknown or foreign one a 404. */
export class SubAccountIdParam {
  @ApiProperty({ format: 'uuid', example: '0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10' })
  @IsUUID(undefined, { message: 'id must be a UUID' })
  id: string;
}
