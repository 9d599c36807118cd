// The client side of an SMPP link over a plain socket, with the lean codec (lean-pdu.ts): the framing,
// sequence numbers and response callbacks the package's Session does, without its per-PDU stream
// reads (two reads and a Buffer.concat per PDU) and write callbacks. SmppSession drives it exactly
// as it drives the package's Session.
import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import { decodePdu, MAX_PDU_LENGTH, type PackagePdu, PDU_HEADER_LENGTH as HEADER } from './lean-pdu';

export class LeanSession extends EventEmitter {
  private sequence = 0;
  private readonly callbacks = new Map<number, (pdu: PackagePdu) => void>();
  private pending: Buffer | null = null;
  private paused = false;

  constructor(readonly socket: Socket) {
    super();
    socket.on('connect', () => this.emit('connect'));
    socket.on('data', (chunk: Buffer) => {
      this.pending = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
      this.extract();
    });
    socket.on('close', () => this.emit('close'));
    socket.on('error', (err: Error) => this.emit('error', err));
  }

  static connect(host: string, port: number): LeanSession {
    return new LeanSession(connect({ host, port }));
  }

  send(pdu: PackagePdu, onResponse?: (pdu: PackagePdu) => void): boolean {
    if (!this.socket.writable) return false;
    if (!pdu.isResponse()) {
      if (this.sequence === 0x7fffffff) this.sequence = 0;
      (pdu as { sequence_number: number }).sequence_number = ++this.sequence;
      if (onResponse) this.callbacks.set(pdu.sequence_number, onResponse);
    }
    this.socket.write(pdu.toBuffer());
    return true;
  }

  pause(): void {
    this.paused = true;
  }

  resume(): void {
    this.paused = false;
    this.extract();
  }

  close(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** Emits every whole PDU received (the package's order: 'pdu', then the request's callback). */
  private extract(): void {
    while (!this.paused && this.pending && this.pending.length >= 4) {
      const buf = this.pending;
      const length = buf.readUInt32BE(0);
      if (length < HEADER || length > MAX_PDU_LENGTH) {
        this.fail(new Error(`PDU length ${length} out of bounds (${HEADER}–${MAX_PDU_LENGTH})`));
        return;
      }
      if (buf.length < length) return;
      this.pending = buf.length === length ? null : buf.subarray(length);
      let pdu: PackagePdu;
      try {
        pdu = decodePdu(buf.subarray(0, length));
      } catch (err) {
        this.fail(err instanceof Error ? err : new Error(String(err)));
        return;
      }
      this.emit('pdu', pdu);
      if (pdu.isResponse()) {
        const callback = this.callbacks.get(pdu.sequence_number);
        if (callback) {
          this.callbacks.delete(pdu.sequence_number);
          callback(pdu);
        }
      }
    }
  }

  /** A stream we cannot frame any more: the link is dropped (SmppSession fails what is pending). */
  private fail(err: Error): void {
    this.pending = null;
    this.emit('error', err);
    this.socket.destroy();
  }
}
