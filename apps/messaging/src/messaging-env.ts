import { IsIn, IsInt, Matches, Max, Min, ValidateIf } from 'class-validator';
import { IsE164, IsSenderName } from '@sms/contracts';
import { ServiceEnv } from '@sms/config';
import { SMPP_URL_PATTERN } from './carriers/smpp/smpp-url';

export class MessagingEnv extends ServiceEnv {
  /** Sender of the platform's own SMS (system SMS: balance alerts, codes). */
  @IsSenderName()
  DEFAULT_SENDER = 'SMSINFO';

  /** The shared numeric sender (E.164) of customers' messages when neither the request nor the account names one; replies reach GET /inbox. */
  @IsE164()
  SHARED_NUMBER = '+393400000100';

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

  // The SMPP carrier (CARRIER=smpp); see the README's "Pointing at a real operator".
  /** `simulated` (in-process, the test tiers' default) or `smpp` (a real SMPP 3.4 peer). */
  @IsIn(['simulated', 'smpp'])
  CARRIER: 'simulated' | 'smpp' = 'simulated';

  /** smpp://system_id:password@host:port; required with CARRIER=smpp. */
  @ValidateIf((env: MessagingEnv) => env.CARRIER === 'smpp')
  @Matches(SMPP_URL_PATTERN, { message: 'SMPP_URL must look like smpp://system_id:password@host:port' })
  SMPP_URL = '';

  /** Transceiver binds (connections) opened to the SMSC. */
  @IsInt()
  @Min(1)
  @Max(16)
  SMPP_BINDS = 1;

  /** Outstanding submit_sm without a submit_sm_resp, per bind. */
  @IsInt()
  @Min(1)
  @Max(1000)
  SMPP_WINDOW = 10;

  /** submit_sm per second over all binds (the operator's contracted rate). */
  @IsInt()
  @Min(1)
  @Max(100_000)
  SMPP_TPS = 100;

  /** enquire_link period. */
  @IsInt()
  @Min(100)
  @Max(600_000)
  SMPP_ENQUIRE_LINK_MS = 30_000;

  /** A response later than this means a dead link: the connection is dropped and rebound. */
  @IsInt()
  @Min(100)
  @Max(120_000)
  SMPP_RESPONSE_TIMEOUT_MS = 10_000;

  /** Longest wait between two bind attempts (backoff doubles from 500 ms up to this). */
  @IsInt()
  @Min(100)
  @Max(600_000)
  SMPP_REBIND_MAX_MS = 30_000;
}

export const MESSAGING_ENV = Symbol('MESSAGING_ENV');
