import type {
  AwaitedReport,
  CarrierPort,
  DeliveryReportHandler,
  OutboundSms,
  SubmitResult,
  ThrottlePolicy,
} from './carrier.port';
import { TokenBucket } from './token-bucket';

/**
 * Puts a token bucket in front of any adapter that has none of its own (the simulator), so
 * the dispatcher never submits faster than the carrier's contracted rate.
 */
export class ThrottledCarrier implements CarrierPort {
  private readonly bucket: TokenBucket;

  constructor(
    private readonly inner: CarrierPort,
    policy: ThrottlePolicy,
  ) {
    this.bucket = new TokenBucket({ ratePerSecond: policy.maxSubmitsPerSecond, capacity: policy.burst });
  }

  get name(): string {
    return this.inner.name;
  }

  isUp(): boolean {
    return this.inner.isUp();
  }

  async submit(msg: OutboundSms): Promise<SubmitResult> {
    await this.bucket.take();
    return this.inner.submit(msg);
  }

  onDeliveryReport(handler: DeliveryReportHandler): void {
    this.inner.onDeliveryReport(handler);
  }

  resume(awaited: AwaitedReport[]): void {
    this.inner.resume(awaited);
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}

export const CARRIER = Symbol('CARRIER');
