// The boundary between messaging and whatever actually delivers SMS (the in-process simulator or SMPP).
// Adapters own the wire protocol; the messaging service only sees these types.

export interface OutboundSms {
  /** Our own uuid; adapters must echo it back in delivery reports. */
  messageId: string;
  /** Sender id: E.164 number or alphanumeric (max 11 chars). */
  from: string;
  /** E.164 recipient. */
  to: string;
  text: string;
  /** Precomputed by countSegments() so the adapter bills and splits consistently. */
  segments: number;
}

export type SubmitResult =
  | { accepted: true; carrierMessageId: string }
  | { accepted: false; errorCode: string; reason: string };

export type DeliveryStatus = 'delivered' | 'failed' | 'expired';

export interface DeliveryReport {
  messageId: string;
  carrierMessageId: string;
  status: DeliveryStatus;
  errorCode?: string;
  at: Date;
  /** Pending receipts (every form of their ids) this report makes obsolete: removed with it. */
  settlesReceipts?: string[];
}

export type DeliveryReportHandler = (report: DeliveryReport) => Promise<void>;

/**
 * A final receipt the carrier cannot turn into a report yet: its id is no tracked message's (it
 * overtook the submit's record, or reached a process restarted before the message was handed back
 * to it), or it is one part of a multipart message whose other parts are not final.
 */
export interface PendingReceipt {
  /** The (part) id the receipt named, trimmed and lower case. */
  carrierMessageId: string;
  /** The carrier's final state (SMPP: DELIVRD, UNDELIV, …). */
  state: string;
  err: string;
  receivedAt: Date;
}

/** Resolves once the receipt is stored durably; a rejection makes the carrier have it sent again. */
export type PendingReceiptHandler = (receipt: PendingReceipt) => Promise<void>;

/** A mobile-originated SMS (a reply from a handset), as the carrier received it. */
export interface InboundSms {
  /** The handset, E.164 when the carrier says so (SMPP addresses often lack the `+`). */
  from: string;
  /** The number it was sent to (ours). */
  to: string;
  text: string;
  at: Date;
}

/** Resolves once the message is stored; a rejection makes the carrier redeliver it. */
export type InboundHandler = (sms: InboundSms) => Promise<void>;

/**
 * Throttling belongs inside the adapter, in front of the socket: an SMPP bind has a
 * contractual max submit_sm/s and a window of unacknowledged PDUs, and exceeding it
 * gets ESME_RTHROTTLED (0x58). Use a TokenBucket per bind, sized from this policy.
 */
export interface ThrottlePolicy {
  maxSubmitsPerSecond: number;
  /** Short bursts the carrier tolerates above the steady rate. */
  burst: number;
  /** Max outstanding submit_sm awaiting submit_sm_resp (SMPP window). */
  windowSize?: number;
}

/**
 * Retries also belong in the adapter, and only for transient PDU-level errors
 * (ESME_RTHROTTLED, ESME_RMSGQFUL, timeouts, rebinds). A permanent reject becomes
 * {accepted: false}; the messaging service never retries, so no message is sent twice.
 */
export interface RetryPolicy {
  maxAttempts: number;
  initialDelayMs: number;
  maxDelayMs: number;
  /** Carrier error codes worth retrying; anything else is a final rejection. */
  retryableErrorCodes: readonly string[];
}

export interface CarrierPolicyOptions {
  throttle?: ThrottlePolicy;
  retry?: RetryPolicy;
}

/** A message the carrier accepted whose delivery report was never recorded here. */
export interface AwaitedReport {
  messageId: string;
  carrierMessageId: string;
  to: string;
}

export interface CarrierPort {
  readonly name: string;
  /**
   * Handed, after a restart and then now and then, the accepted messages still waiting for
   * their report. A carrier whose reports outlive us (SMPP: the SMSC delivers deliver_sm
   * again after a rebind) has nothing to do; the simulator, whose reports were timers in a
   * process that died, schedules them again. Reports are idempotent, so a repeat is harmless.
   */
  resume(awaited: AwaitedReport[]): void;
  /** False while the carrier cannot take submits (SMPP: no bound session); readiness shows it. */
  isUp(): boolean;
  /** Resolves once the carrier acked or refused the message, not when it is delivered. */
  submit(msg: OutboundSms): Promise<SubmitResult>;
  /** Delivery reports arrive asynchronously (SMPP deliver_sm); handlers must be idempotent. */
  onDeliveryReport(handler: DeliveryReportHandler): void;
  /**
   * Receipts that cannot be applied yet (SMPP): the handler stores them durably, and the carrier
   * acknowledges them only then. Without a handler they are kept in memory only.
   */
  onPendingReceipt?(handler: PendingReceiptHandler): void;
  /**
   * Stored pending receipts handed back (at start, after `resume`, and on the awaited-reports pass):
   * those that now complete a tracked message are reported before it resolves; the others wait.
   */
  replayPending?(receipts: PendingReceipt[]): Promise<void>;
  /** Replies from handsets; carriers that cannot receive (the in-process simulator) have none. */
  onInbound?(handler: InboundHandler): void;
  /** Unbind / stop timers; pending reports after close are dropped. */
  close(): Promise<void>;
}
