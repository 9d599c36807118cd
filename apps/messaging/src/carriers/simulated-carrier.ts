// Test-mode carrier (like an SMS API sandbox): nothing leaves the building, but customers get
// realistic async delivery reports and can trigger failures with magic recipient suffixes.
import { randomUUID } from 'node:crypto';
import type {
  AwaitedReport,
  CarrierPort,
  DeliveryReport,
  DeliveryReportHandler,
  DeliveryStatus,
  OutboundSms,
  SubmitResult,
} from './carrier.port';

export const SIM_DEFAULT_DLR_DELAY_MS = 300;

/** Recipient last-four-digit suffixes with a scripted outcome; anything else is delivered. */
export const SIM_MAGIC_SUFFIXES = {
  rejected: '0000',
  failed: '0001',
  expired: '0002',
} as const;

export interface SimulatedCarrierOptions {
  /** Delay between an accepted submit and its delivery report (env SIM_DLR_DELAY_MS). */
  dlrDelayMs?: number;
  /** Called when a DLR handler throws, so a bad handler cannot crash the process. */
  onHandlerError?: (err: unknown, report: DeliveryReport) => void;
}

export class SimulatedCarrier implements CarrierPort {
  readonly name = 'simulated';
  private readonly dlrDelayMs: number;
  private readonly onHandlerError: (err: unknown, report: DeliveryReport) => void;
  private readonly handlers: DeliveryReportHandler[] = [];
  private readonly pending = new Set<NodeJS.Timeout>();
  private closed = false;

  constructor(opts: SimulatedCarrierOptions = {}) {
    const delay = opts.dlrDelayMs ?? SIM_DEFAULT_DLR_DELAY_MS;
    if (!Number.isFinite(delay) || delay < 0) throw new RangeError(`invalid dlrDelayMs: ${delay}`);
    this.dlrDelayMs = delay;
    this.onHandlerError = opts.onHandlerError ?? (() => undefined);
  }

  isUp(): boolean {
    return !this.closed;
  }

  async submit(msg: OutboundSms): Promise<SubmitResult> {
    if (this.closed) throw new Error('simulated carrier is closed');
    const suffix = msg.to.slice(-4);
    if (suffix === SIM_MAGIC_SUFFIXES.rejected) {
      return {
        accepted: false,
        errorCode: 'SIM-REJECTED',
        reason: 'Rejected by simulated carrier (recipient ends in 0000)',
      };
    }
    const carrierMessageId = `sim-${randomUUID()}`;
    const report = this.outcomeFor(suffix, msg.messageId, carrierMessageId);
    this.schedule(report);
    return { accepted: true, carrierMessageId };
  }

  onDeliveryReport(handler: DeliveryReportHandler): void {
    this.handlers.push(handler);
  }

  /** The outcome is a function of the recipient, so a lost report can be scheduled again. */
  resume(awaited: AwaitedReport[]): void {
    if (this.closed) return;
    for (const a of awaited) this.schedule(this.outcomeFor(a.to.slice(-4), a.messageId, a.carrierMessageId));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }

  private outcomeFor(suffix: string, messageId: string, carrierMessageId: string): Omit<DeliveryReport, 'at'> {
    const base = { messageId, carrierMessageId };
    const scripted: Record<string, { status: DeliveryStatus; errorCode: string }> = {
      [SIM_MAGIC_SUFFIXES.failed]: { status: 'failed', errorCode: 'SIM-FAILED' },
      [SIM_MAGIC_SUFFIXES.expired]: { status: 'expired', errorCode: 'SIM-EXPIRED' },
    };
    return scripted[suffix] ? { ...base, ...scripted[suffix] } : { ...base, status: 'delivered' };
  }

  private schedule(report: Omit<DeliveryReport, 'at'>): void {
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      // Timestamp at "delivery" time, not submit time, like a real DLR.
      void this.dispatch({ ...report, at: new Date() });
    }, this.dlrDelayMs);
    this.pending.add(timer);
  }

  private async dispatch(report: DeliveryReport): Promise<void> {
    for (const handler of this.handlers) {
      try {
        await handler(report);
      } catch (err) {
        this.onHandlerError(err, report);
      }
    }
  }
}
