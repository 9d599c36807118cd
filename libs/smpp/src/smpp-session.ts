// Typed facade over the untyped `smpp` npm package (0.5.1), and over this lib's own codec of the
// submit path (lean-pdu.ts, lean-session.ts). Nothing of either leaks out of this lib: callers see
// SmppPdu (plain data) and SmppSession.
import { EventEmitter } from 'node:events';
import { leanRequest } from './lean-pdu';
import { LeanSession } from './lean-session';

/** Commands this project sends or handles. */
export type SmppCommand = 'bind_transceiver' | 'submit_sm' | 'deliver_sm' | 'enquire_link' | 'unbind' | 'generic_nack';

/** short_message as the package decodes it: UDH buffers come without their length octet. */
export interface DecodedShortMessage {
  udh?: Buffer[];
  message: string | Buffer;
}

/** Outgoing short_message: `udh` is the full header including its length octet. */
export interface EncodedShortMessage {
  udh?: Buffer;
  message: string;
}

/** The PDU fields we read; the package exposes every field as a plain property. */
export interface SmppPdu {
  readonly command: string;
  readonly command_status: number;
  readonly sequence_number: number;
  readonly system_id?: string;
  readonly password?: string;
  readonly interface_version?: number;
  readonly source_addr_ton?: number;
  readonly source_addr_npi?: number;
  readonly source_addr?: string;
  readonly dest_addr_ton?: number;
  readonly dest_addr_npi?: number;
  readonly destination_addr?: string;
  readonly esm_class?: number;
  readonly registered_delivery?: number;
  readonly data_coding?: number;
  readonly short_message?: DecodedShortMessage | string | Buffer;
  readonly message_id?: string;
  readonly receipted_message_id?: string;
  readonly message_state?: number;
}

/** Parameters of a PDU we send (request or response). */
export type SmppParams = Record<string, string | number | Buffer | EncodedShortMessage | undefined>;

interface RawPdu extends SmppPdu {
  isResponse(): boolean;
  response(options?: SmppParams): RawPdu;
}

interface RawSession {
  on(event: string, listener: (arg: never) => void): void;
  send(pdu: RawPdu, onResponse?: (pdu: RawPdu) => void): boolean;
  pause(): void;
  resume(): void;
  close(): void;
  destroy(): void;
  readonly socket: {
    readonly writable: boolean;
    remoteAddress?: string;
    setNoDelay(noDelay?: boolean): void;
    cork(): void;
    uncork(): void;
  };
}

interface RawServer {
  listen(port: number, host: string, cb: () => void): void;
  address(): { port: number } | string | null;
  close(cb: () => void): void;
  on(event: 'error', listener: (err: Error) => void): void;
}

interface RawModule {
  connect(options: { host: string; port: number }): RawSession;
  createServer(listener: (session: RawSession) => void): RawServer;
  PDU: new (command: string, options: SmppParams) => RawPdu;
  errors: Record<string, number>;
}

const lib = require('smpp') as RawModule;

/** Command status codes by name (ESME_ROK, ESME_RTHROTTLED, ...). */
export const SMPP_STATUS: Readonly<Record<string, number>> = lib.errors;

export const ESME_ROK = 0x00;
export const ESME_RINVMSGLEN = 0x01;
export const ESME_RSYSERR = 0x08;
export const ESME_RINVDSTADR = 0x0b;
export const ESME_RBINDFAIL = 0x0d;
export const ESME_RMSGQFUL = 0x14;
export const ESME_RINVESMCLASS = 0x43;
export const ESME_RSUBMITFAIL = 0x45;
export const ESME_RTHROTTLED = 0x58;
export const ESME_RX_T_APPN = 0x64;

/** "ESME_RTHROTTLED" for 0x58; "0x000000AB" for a status the package does not name. */
export function smppStatusName(status: number): string {
  const named = Object.entries(lib.errors).find(([, v]) => v === status);
  return named ? named[0] : `0x${status.toString(16).toUpperCase().padStart(8, '0')}`;
}

export class SmppClosedError extends Error {
  constructor(reason: string) {
    super(`SMPP session closed: ${reason}`);
    this.name = 'SmppClosedError';
  }
}

export class SmppTimeoutError extends Error {
  constructor(command: string, ms: number) {
    super(`no ${command}_resp within ${ms} ms`);
    this.name = 'SmppTimeoutError';
  }
}

export type PduHandler = (pdu: SmppPdu, reply: (params?: SmppParams) => void) => void;

export interface SmppSessionOptions {
  /**
   * The PDUs sent within one tick leave in ONE socket write (the socket is corked at the first and
   * uncorked on the next tick): a batch of deliver_sm_resp answered after one commit, or the submits
   * a pump fires together, cost one syscall instead of one each (TCP_NODELAY makes every write a
   * segment). Nothing waits longer than the current tick.
   */
  coalesceWrites?: boolean;
  /**
   * The client's PDUs of the submit path (submit_sm, submit_sm_resp, deliver_sm, deliver_sm_resp,
   * enquire_link) through this project's own codec (lean-pdu.ts), the rest through the package:
   * the same bytes on the wire for a fraction of the package's CPU per PDU.
   */
  lean?: boolean;
}

/**
 * One SMPP session (either side). Requests resolve with their response PDU (any status) and
 * reject when the session closes or the response does not come in time: the package itself
 * forgets callbacks of a dead socket, which would leave a promise pending forever.
 */
export class SmppSession {
  private readonly pending = new Map<RawPdu, (err: Error) => void>();
  private readonly events = new EventEmitter();
  private closedReason: string | null = null;
  private corked = false;

  constructor(
    private readonly raw: RawSession,
    private readonly opts: SmppSessionOptions = {},
  ) {
    raw.on('pdu', (pdu: RawPdu) => {
      if (pdu.isResponse()) return;
      this.events.emit(pdu.command, pdu, (params?: SmppParams) => this.sendRaw(pdu.response(params)));
    });
    raw.on('close', () => this.failAll('connection closed'));
    raw.on('error', (err: Error) => {
      this.failAll(err.message);
      if (this.events.listenerCount('error') > 0) this.events.emit('error', err);
    });
  }

  get isOpen(): boolean {
    return this.closedReason === null && this.raw.socket.writable;
  }

  get remoteAddress(): string | undefined {
    return this.raw.socket.remoteAddress;
  }

  /** Sends a request and resolves with its response, whatever its command_status. */
  request(command: SmppCommand, params: SmppParams, timeoutMs: number): Promise<SmppPdu> {
    return new Promise((resolve, reject) => {
      if (!this.isOpen) return reject(new SmppClosedError(this.closedReason ?? 'not writable'));
      const pdu = this.opts.lean ? (leanRequest(command, params) as RawPdu) : new lib.PDU(command, params);
      const timer = setTimeout(() => {
        this.pending.delete(pdu);
        reject(new SmppTimeoutError(command, timeoutMs));
      }, timeoutMs);
      this.pending.set(pdu, (err) => {
        clearTimeout(timer);
        reject(err);
      });
      this.coalesce();
      const sent = this.raw.send(pdu, (resp) => {
        clearTimeout(timer);
        this.pending.delete(pdu);
        resolve(resp);
      });
      if (!sent) {
        clearTimeout(timer);
        this.pending.delete(pdu);
        reject(new SmppClosedError('not writable'));
      }
    });
  }

  on(command: SmppCommand, handler: PduHandler): void {
    this.events.on(command, handler);
  }

  onClose(listener: (reason: string) => void): void {
    this.events.on('closed', listener);
  }

  onError(listener: (err: Error) => void): void {
    this.events.on('error', listener);
  }

  /** Stops reading PDUs (a server checking a bind); resume() continues. */
  pause(): void {
    this.raw.pause();
  }

  resume(): void {
    this.raw.resume();
  }

  /** Graceful end of the socket (after an unbind). */
  close(): void {
    this.raw.close();
  }

  /** Drops the TCP connection at once. */
  destroy(): void {
    this.raw.destroy();
  }

  private sendRaw(pdu: RawPdu): void {
    if (!this.isOpen) return;
    this.coalesce();
    this.raw.send(pdu);
  }

  /** With coalesceWrites: corks the socket until the next tick (once per tick). */
  private coalesce(): void {
    if (!this.opts.coalesceWrites || this.corked) return;
    const socket = this.raw.socket;
    socket.cork();
    this.corked = true;
    process.nextTick(() => {
      this.corked = false;
      socket.uncork();
    });
  }

  private failAll(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    const fails = [...this.pending.values()];
    this.pending.clear();
    for (const fail of fails) fail(new SmppClosedError(reason));
    this.events.emit('closed', reason);
  }
}

/** Opens a TCP connection; resolves once connected, rejects on a refused or failed connect. */
export function smppConnect(host: string, port: number, opts: SmppSessionOptions = {}): Promise<SmppSession> {
  return new Promise((resolve, reject) => {
    const raw: RawSession = opts.lean
      ? (LeanSession.connect(host, port) as unknown as RawSession)
      : lib.connect({ host, port });
    let settled = false;
    raw.on('connect', () => {
      settled = true;
      // Small request/response PDUs: Nagle would hold a PDU until the previous one is acknowledged.
      raw.socket.setNoDelay(true);
      resolve(new SmppSession(raw, opts));
    });
    raw.on('error', (err: Error) => {
      if (settled) return;
      settled = true;
      raw.destroy();
      reject(err);
    });
  });
}

export interface SmppListener {
  readonly port: number;
  close(): Promise<void>;
}

/** A TCP SMPP server; `port` 0 picks a free one, reported by the returned listener. */
export function smppListen(
  port: number,
  host: string,
  onSession: (session: SmppSession) => void,
): Promise<SmppListener> {
  return new Promise((resolve, reject) => {
    const server = lib.createServer((raw) => {
      raw.socket.setNoDelay(true); // as on the client side
      onSession(new SmppSession(raw));
    });
    server.on('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      resolve({
        port: typeof address === 'object' && address ? address.port : port,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
