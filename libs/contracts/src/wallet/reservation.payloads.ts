import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { Type } from 'class-transformer';

/**
 * The interface messaging uses to pay for SMS. Each command is idempotent by its id:
 * repeating it returns the first result; the same id with other content is a 409.
 */
export class ReserveCreditsCommand {
  /** Idempotency key of the reservation (messaging uses the campaign id). */
  @IsUUID()
  reservationId: string;

  /** The sending account (owner or sub-account). Unlimited sub-accounts are debited on their parent. */
  @IsUUID()
  accountId: string;

  @IsInt()
  @Min(1)
  @Max(100_000_000)
  credits: number;

  /** How many messages these credits pay for: feeds the sub-account list's "SMS sent". */
  @IsInt()
  @Min(1)
  messages: number;

  @IsOptional()
  @IsString()
  @Length(1, 200)
  reason?: string;

  /**
   * Apply no later than this (ISO time): a request that reaches the wallet late (a paused
   * or backed-up wallet) is refused instead of taking credits the caller already gave up on.
   * A replay of a reservation already made still answers its result.
   */
  @IsOptional()
  @IsISO8601({ strict: true })
  notAfter?: string;
}

export class ReservationResult {
  reservationId: string;
  /** The wallet actually debited: the account's own, or its parent's when unlimited. */
  debitedAccountId: string;
  credits: number;
  balanceAfter: number;
}

/** Turns the reserved credits into consumed ones (the messages were handed to the carrier). */
export class SettleReservationCommand {
  @IsUUID()
  reservationId: string;
}

export class SettleResult {
  reservationId: string;
  settledCredits: number;
}

/** The most reservations one settleBatch call settles. */
export const SETTLE_BATCH_MAX = 500;

/** Settles many reservations in one wallet transaction (messaging's settlement per tick). */
export class SettleReservationsCommand {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SETTLE_BATCH_MAX)
  @IsUUID(undefined, { each: true })
  reservationIds: string[];
}

/** One SettleResult per known reservation (idempotent like settle); unknown ids are listed, not fatal. */
export class SettleReservationsResult {
  settled: SettleResult[];
  notFound: string[];
}

/** Gives back part of a reservation (rejected, failed or expired messages). */
export class RefundReservationCommand {
  /** Idempotency key of this refund (messaging derives it from the message id). */
  @IsUUID()
  refundId: string;

  @IsUUID()
  reservationId: string;

  @IsInt()
  @Min(1)
  credits: number;

  @IsInt()
  @Min(0)
  messages: number;
}

export class RefundResult {
  refundId: string;
  credits: number;
  balanceAfter: number;
}

/** The most refunds one refundBatch call applies. */
export const REFUND_BATCH_MAX = 500;

/** Many refunds in one wallet transaction (messaging's refunds per tick); each idempotent by its refundId. */
export class RefundReservationsCommand {
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(REFUND_BATCH_MAX)
  @ValidateNested({ each: true })
  @Type(() => RefundReservationCommand)
  refunds: RefundReservationCommand[];
}

/** A refund of the batch that was not applied, with the problem `refund` would have answered. */
export class RefundRefused {
  refundId: string;
  status: number;
  code: string;
  detail: string;
}

/**
 * One RefundResult per refund applied now or before (a repeated id answers its first result);
 * the others refused one by one (unknown reservation, more than is left, id reused), never failing the batch.
 */
export class RefundReservationsResult {
  refunded: RefundResult[];
  refused: RefundRefused[];
}
