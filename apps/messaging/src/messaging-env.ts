import { IsInt, Max, Min } from 'class-validator';
import { IsSenderName } from '@sms/contracts';
import { ServiceEnv } from '@sms/config';

export class MessagingEnv extends ServiceEnv {
  /** Sender used when neither the request nor the account names one. */
  @IsSenderName()
  DEFAULT_SENDER = 'SMSINFO';

  /** Simulated carrier: delay between an accepted submit and its delivery report. */
  @IsInt()
  @Min(0)
  @Max(600_000)
  SIM_DLR_DELAY_MS = 300;

  /** Carrier throttle (token bucket in front of the adapter): sustained submits per second. */
  @IsInt()
  @Min(1)
  CARRIER_MAX_SUBMITS_PER_SECOND = 5000;

  /** Carrier throttle: burst above the steady rate. */
  @IsInt()
  @Min(1)
  CARRIER_BURST = 1000;

  /** Messages claimed per dispatcher transaction. */
  @IsInt()
  @Min(1)
  @Max(5000)
  DISPATCH_BATCH_SIZE = 500;

  /** How often the dispatcher looks for due messages when nobody woke it (scheduled campaigns, other replicas). */
  @IsInt()
  @Min(10)
  @Max(60_000)
  DISPATCH_POLL_MS = 250;

  /** How often settlements and refunds owed to the wallet are retried. */
  @IsInt()
  @Min(10)
  @Max(60_000)
  SETTLEMENT_POLL_MS = 500;

  /** How long an accepted message may wait for its delivery report before the carrier is asked again. */
  @IsInt()
  @Min(100)
  REPORT_RECOVERY_MS = 30_000;

  /** How far ahead a campaign may be scheduled. */
  @IsInt()
  @Min(1)
  @Max(3650)
  MAX_SCHEDULE_DAYS = 365;
}

export const MESSAGING_ENV = Symbol('MESSAGING_ENV');
