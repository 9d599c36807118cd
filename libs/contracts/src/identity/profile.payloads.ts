import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsEmail,
  IsISO31661Alpha2,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ActorEnvelope } from '../common/actor';
import { IsE164, IsSenderName } from '../common/validators';

export const LANGUAGES = ['it', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export class BillingDetails {
  @ApiProperty({ example: 'Fiori di Sanremo S.r.l.' }) @IsString() @Length(1, 200) company: string;
  @ApiProperty({ example: 'Anna' }) @IsString() @Length(1, 100) firstName: string;
  @ApiProperty({ example: 'Rossi' }) @IsString() @Length(1, 100) lastName: string;
  @ApiProperty({ example: 'Via Matteotti 12' }) @IsString() @Length(1, 300) address: string;
  @ApiProperty({ example: '18038' }) @IsString() @Length(1, 20) postalCode: string;
  @ApiProperty({ example: 'Sanremo' }) @IsString() @Length(1, 100) city: string;

  @ApiProperty({ description: 'ISO 3166-1 alpha-2', example: 'IT' })
  @IsISO31661Alpha2({ message: 'country must be an ISO 3166-1 alpha-2 code, e.g. IT' })
  country: string;

  @ApiPropertyOptional({ type: String, example: 'IT01234567890', nullable: true })
  @IsOptional()
  @IsString()
  @Matches(/^[A-Z]{2}[A-Z0-9+*]{2,13}$/, {
    message: 'vatNumber must be a VAT number with its country prefix, e.g. IT01234567890',
  })
  vatNumber?: string | null;
}

/** What GET returns before the customer has filled anything in: every field null. */
export type BillingDetailsView = { [K in keyof BillingDetails]-?: BillingDetails[K] | null };

/** The documented answer of GET/PUT /account/billing: every field null until the details are given. */
export class BillingDetailsResponse implements BillingDetailsView {
  @ApiProperty({ type: String, nullable: true, example: 'Fiori di Sanremo S.r.l.' }) company: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Anna' }) firstName: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Rossi' }) lastName: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Via Matteotti 12' }) address: string | null;
  @ApiProperty({ type: String, nullable: true, example: '18038' }) postalCode: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'Sanremo' }) city: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'IT' }) country: string | null;
  @ApiProperty({ type: String, nullable: true, example: 'IT01234567890' }) vatNumber: string | null;
}

export class ContactDetails {
  @ApiProperty({ example: 'Anna' }) @IsString() @Length(1, 100) firstName: string;
  @ApiProperty({ example: 'Rossi' }) @IsString() @Length(1, 100) lastName: string;

  @ApiProperty({ description: 'Also the login name', example: 'anna@example.com' })
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: '+393331234567' })
  @IsE164()
  phone: string;

  @ApiPropertyOptional({ enum: LANGUAGES, default: 'it', example: 'it' })
  @IsOptional()
  @IsIn(LANGUAGES as unknown as string[])
  language?: Language;
}

export class ContactDetailsView {
  @ApiProperty({ example: 'Anna' }) firstName: string;
  @ApiProperty({ example: 'Rossi' }) lastName: string;
  @ApiProperty({ example: 'anna@example.com' }) email: string;
  @ApiProperty({ type: String, nullable: true, example: '+393331234567' }) phone: string | null;
  @ApiProperty({ enum: LANGUAGES, example: 'it' }) language: Language;
}

export class ChangePasswordBody {
  @ApiProperty({ example: 'correct horse battery' }) @IsString() @Length(1, 128) currentPassword: string;
  @ApiProperty({ minLength: 10, maxLength: 128, example: 'staple battery horse 42' })
  @IsString()
  @Length(10, 128)
  newPassword: string;
}

export class SenderBody {
  @ApiProperty({
    nullable: true,
    example: 'ACME',
    description: 'Alphanumeric (3–11) or E.164; null for the shared default',
  })
  @ValidateIf((_, v) => v !== null)
  @IsSenderName()
  defaultSender: string | null;
}

export class SenderView {
  @ApiProperty({ type: String, nullable: true, example: 'FioriSRL', description: "This account's own default sender" })
  defaultSender: string | null;
  @ApiProperty({
    description:
      "True when messages go out with a custom sender (own or the parent's): recipients cannot reply to it. False for the platform's shared number, whose replies reach GET /inbox",
    example: true,
  })
  repliesDisabled: boolean;
  @ApiProperty({
    example: 'FioriSRL',
    description:
      "What messages go out with when a send names none: own default, else the parent's, else the platform's",
  })
  effectiveSender: string;
}

export class UpdateBillingCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => BillingDetails)
  billing: BillingDetails;
}

export class UpdateContactCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => ContactDetails)
  contact: ContactDetails;
}

export class ChangePasswordCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => ChangePasswordBody)
  passwords: ChangePasswordBody;

  @IsString()
  sessionId: string;
}

export class UpdateSenderCommand extends ActorEnvelope {
  @IsObject()
  @ValidateNested()
  @Type(() => SenderBody)
  sender: SenderBody;
}
