import { EXPORT_ACK_TIMEOUT_MS, EXPORT_CHUNK_BYTES, EXPORT_HEADERS, EXPORT_WINDOW, ExportAck } from '@sms/contracts';
import { headers as natsHeaders, NatsConnection, Subscription } from 'nats';
import { Writable } from 'node:stream';

export class ExportCancelledError extends Error {
  override name = 'ExportCancelledError';
}

export interface NatsChunkWritableOptions {
  nc: NatsConnection;
  /** Where chunks go (the gateway's inbox). */
  subject: string;
  /** Where the gateway's acks come from (already subscribed, so no ack is missed). */
  acks: Subscription;
  chunkBytes?: number;
  window?: number;
  ackTimeoutMs?: number;
}

/**
 * A Writable that carries a byte stream over core NATS in numbered chunks, never more than
 * `window` chunks ahead of the receiver's acks. Its backpressure reaches the producer
 * (exceljs) through write callbacks, so memory stays flat however slow the HTTP client is.
 */
export class NatsChunkWritable extends Writable {
  private readonly chunkBytes: number;
  private readonly window: number;
  private readonly ackTimeoutMs: number;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private seq = 0;
  private acked = 0;
  /** The receiver asked to stop. */
  private cancelled = false;
  /** The producer side failed. */
  private failed = false;
  private ackWaiter?: () => void;

  constructor(private readonly opts: NatsChunkWritableOptions) {
    super({ highWaterMark: opts.chunkBytes ?? EXPORT_CHUNK_BYTES });
    this.chunkBytes = opts.chunkBytes ?? EXPORT_CHUNK_BYTES;
    this.window = opts.window ?? EXPORT_WINDOW;
    this.ackTimeoutMs = opts.ackTimeoutMs ?? EXPORT_ACK_TIMEOUT_MS;
    void this.readAcks();
  }

  /** Sent after the producer finished (or failed): tells the receiver how the stream ended. */
  async end_(outcome: 'ok' | 'error'): Promise<void> {
    if (this.cancelled) return; // the receiver is gone
    const h = natsHeaders();
    h.set(EXPORT_HEADERS.seq, String(++this.seq));
    h.set(EXPORT_HEADERS.end, outcome);
    this.opts.nc.publish(this.opts.subject, new Uint8Array(0), { headers: h });
    await this.opts.nc.flush();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    if (this.pendingBytes < this.chunkBytes) return cb();
    this.publishPending().then(() => cb(), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.publishPending().then(() => cb(), cb);
  }

  // Also runs after a normal finish (autoDestroy): only an error stops a window wait.
  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (err) this.failed = true;
    this.ackWaiter?.();
    cb(err);
  }

  private async publishPending(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await this.waitForWindow();
    const h = natsHeaders();
    h.set(EXPORT_HEADERS.seq, String(++this.seq));
    this.opts.nc.publish(this.opts.subject, data, { headers: h });
  }

  private async waitForWindow(): Promise<void> {
    while (this.seq - this.acked >= this.window) {
      if (this.cancelled || this.failed) throw new ExportCancelledError('the export was cancelled');
      const before = this.acked;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.ackTimeoutMs);
        this.ackWaiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.ackWaiter = undefined;
      if (this.acked === before && !this.cancelled && !this.failed)
        throw new ExportCancelledError('the receiver stopped acknowledging');
    }
    if (this.cancelled || this.failed) throw new ExportCancelledError('the export was cancelled');
  }

  private async readAcks(): Promise<void> {
    for await (const m of this.opts.acks) {
      let ack: ExportAck;
      try {
        ack = JSON.parse(new TextDecoder().decode(m.data)) as ExportAck;
      } catch {
        continue;
      }
      if (ack.cancel) this.cancelled = true;
      if (typeof ack.seq === 'number' && ack.seq > this.acked) this.acked = ack.seq;
      this.ackWaiter?.();
    }
  }
}
