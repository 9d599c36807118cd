// A hand-written codec for the PDUs of the submit path (submit_sm out, submit_sm_resp in, deliver_sm
// in, deliver_sm_resp out, enquire_link both ways): the `smpp` package builds and walks a generic
// PDU object per message (for…in over every field, a filter per field, its GSM table looked up per
// text), which was ~17 % of messaging's CPU in the SMPP drain. Anything else, and any deliver_sm
// this codec does not read exactly as the package would (TLVs other than the two receipt ones, a
// UDH, a data_coding other than the default, octets outside GSM-7), goes through the package.
// `lean-pdu.spec.ts` checks every lean encoding byte for byte, and every lean decoding field for
// field, against the package.
import type { DecodedShortMessage, SmppParams, SmppPdu } from './smpp-session';

/** The package's PDU, as far as this file needs it. */
export interface PackagePdu extends SmppPdu {
  isResponse(): boolean;
  response(options?: SmppParams): PackagePdu;
  toBuffer(): Buffer;
}

interface PackageModule {
  PDU: (new (command: string | Buffer, options?: SmppParams) => PackagePdu) & { maxLength: number };
}

interface GsmCoder {
  getCoder(encoding: number): {
    charListDec: Record<number, string>;
    extCharListDec: Record<string, string>;
    escChars?: string;
    escCharsDec?: string;
  };
}

const lib = require('smpp') as PackageModule;
const { gsmCoder } = require('smpp/lib/defs') as { gsmCoder: GsmCoder };

const SUBMIT_SM = 0x00000004;
const SUBMIT_SM_RESP = 0x80000004;
const DELIVER_SM = 0x00000005;
const DELIVER_SM_RESP = 0x80000005;
const ENQUIRE_LINK = 0x00000015;
const ENQUIRE_LINK_RESP = 0x80000015;
/** Octets of a PDU's header: command_length, command_id, command_status, sequence_number. */
export const PDU_HEADER_LENGTH = 16;
const HEADER = PDU_HEADER_LENGTH;
const TLV_RECEIPTED_MESSAGE_ID = 0x001e;
const TLV_MESSAGE_STATE = 0x0427;
const UDHI = 0x40;
const ESC = 0x1b;

/** The package's GSM 03.38 default table, read once: octet → character, ESC + code → extension. */
const GSM = gsmCoder.getCoder(0);
const GSM_DECODE: readonly string[] = Array.from({ length: 128 }, (_, i) => GSM.charListDec[i] || ' ');
/** The package's own pattern for ESC + an extension code (a regex class built from its table string). */
const GSM_ESCAPED = new RegExp('\x1B([' + (GSM.escCharsDec ?? GSM.escChars ?? '') + '])', 'g');

/** The package's decoding of default-alphabet octets; undefined for an octet ≥ 0x80 (left to the package). */
function decodeGsm7(octets: Buffer): string | undefined {
  let text = '';
  let escaped = false;
  for (let i = 0; i < octets.length; i++) {
    const o = octets[i];
    if (o >= 0x80) return undefined;
    if (o === ESC) escaped = true;
    text += GSM_DECODE[o];
  }
  return escaped ? text.replace(GSM_ESCAPED, (_, code: string) => GSM.extCharListDec[code]) : text;
}

/** The fields of the PDUs this codec reads or writes; each one set in the constructor (one object shape). */
export const LEAN_PDU_FIELDS = [
  'service_type',
  'source_addr_ton',
  'source_addr_npi',
  'source_addr',
  'dest_addr_ton',
  'dest_addr_npi',
  'destination_addr',
  'esm_class',
  'protocol_id',
  'priority_flag',
  'schedule_delivery_time',
  'validity_period',
  'registered_delivery',
  'replace_if_present_flag',
  'data_coding',
  'sm_default_msg_id',
  'short_message',
  'message_id',
  'receipted_message_id',
  'message_state',
] as const;

/** A PDU of the submit path: plain fields, its own encoder, the package's interface. */
export class LeanPdu implements PackagePdu {
  command_status = 0;
  sequence_number = 0;
  service_type: string | undefined = undefined;
  source_addr_ton: number | undefined = undefined;
  source_addr_npi: number | undefined = undefined;
  source_addr: string | undefined = undefined;
  dest_addr_ton: number | undefined = undefined;
  dest_addr_npi: number | undefined = undefined;
  destination_addr: string | undefined = undefined;
  esm_class: number | undefined = undefined;
  protocol_id: number | undefined = undefined;
  priority_flag: number | undefined = undefined;
  schedule_delivery_time: string | undefined = undefined;
  validity_period: string | undefined = undefined;
  registered_delivery: number | undefined = undefined;
  replace_if_present_flag: number | undefined = undefined;
  data_coding: number | undefined = undefined;
  sm_default_msg_id: number | undefined = undefined;
  short_message: Buffer | DecodedShortMessage | undefined = undefined;
  message_id: string | undefined = undefined;
  receipted_message_id: string | undefined = undefined;
  message_state: number | undefined = undefined;

  constructor(
    readonly command: string,
    readonly command_id: number,
  ) {}

  isResponse(): boolean {
    return (this.command_id & 0x80000000) !== 0;
  }

  response(options: SmppParams = {}): PackagePdu {
    let resp: LeanPdu;
    if (this.command === 'deliver_sm') resp = new LeanPdu('deliver_sm_resp', DELIVER_SM_RESP);
    else if (this.command === 'enquire_link') resp = new LeanPdu('enquire_link_resp', ENQUIRE_LINK_RESP);
    else return new lib.PDU(this.command, this.fieldsForPackage()).response(options);
    resp.sequence_number = this.sequence_number;
    if (typeof options.command_status === 'number') resp.command_status = options.command_status;
    return resp;
  }

  toBuffer(): Buffer {
    switch (this.command_id) {
      case SUBMIT_SM:
        // leanRequest made it only with octets and no times (the package's job otherwise).
        return this.command_status ? this.header(HEADER) : encodeSubmitSm(this, this.short_message as Buffer);
      case DELIVER_SM_RESP:
        // The package sends no body with an error status, a NUL message_id with ESME_ROK.
        return this.command_status ? this.header(HEADER) : this.header(HEADER + 1);
      case ENQUIRE_LINK:
      case ENQUIRE_LINK_RESP:
        return this.header(HEADER);
      default:
        return new lib.PDU(this.command, this.fieldsForPackage()).toBuffer();
    }
  }

  /** A zeroed buffer of `length` with this PDU's header written. */
  header(length: number): Buffer {
    const b = Buffer.alloc(length);
    b.writeUInt32BE(length, 0);
    b.writeUInt32BE(this.command_id >>> 0, 4);
    b.writeUInt32BE(this.command_status >>> 0, 8);
    b.writeUInt32BE(this.sequence_number >>> 0, 12);
    return b;
  }

  private fieldsForPackage(): SmppParams {
    const fields: SmppParams = { command_status: this.command_status, sequence_number: this.sequence_number };
    for (const k of LEAN_PDU_FIELDS) if (this[k] !== undefined) fields[k] = this[k] as never;
    return fields;
  }
}

/** Builds an outgoing PDU: lean for the commands this codec encodes, the package's otherwise. */
export function leanRequest(command: string, params: SmppParams): PackagePdu {
  if (command === 'enquire_link') return new LeanPdu(command, ENQUIRE_LINK);
  // The package parses times, and encodes a text itself: those submits stay its own.
  const octets = params.short_message;
  if (command !== 'submit_sm' || !Buffer.isBuffer(octets) || params.schedule_delivery_time || params.validity_period) {
    return new lib.PDU(command, params);
  }
  const p = new LeanPdu(command, SUBMIT_SM);
  const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
  const u8 = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  p.service_type = str(params.service_type);
  p.source_addr_ton = u8(params.source_addr_ton);
  p.source_addr_npi = u8(params.source_addr_npi);
  p.source_addr = str(params.source_addr);
  p.dest_addr_ton = u8(params.dest_addr_ton);
  p.dest_addr_npi = u8(params.dest_addr_npi);
  p.destination_addr = str(params.destination_addr);
  p.esm_class = u8(params.esm_class);
  p.protocol_id = u8(params.protocol_id);
  p.priority_flag = u8(params.priority_flag);
  p.registered_delivery = u8(params.registered_delivery);
  p.replace_if_present_flag = u8(params.replace_if_present_flag);
  p.data_coding = u8(params.data_coding);
  p.sm_default_msg_id = u8(params.sm_default_msg_id);
  p.short_message = octets;
  return p;
}

const cstringSize = (v: string | undefined): number => (v ? Buffer.byteLength(v, 'ascii') : 0) + 1;

/** submit_sm with its mandatory fields in SMPP 3.4 order, `sm` its short_message octets, no times. */
function encodeSubmitSm(p: LeanPdu, sm: Buffer): Buffer {
  // 3 C strings + schedule and validity (empty: one NUL each) + 11 one-octet fields + sm_length + octets.
  const length =
    HEADER +
    cstringSize(p.service_type) +
    cstringSize(p.source_addr) +
    cstringSize(p.destination_addr) +
    2 +
    11 +
    1 +
    sm.length;
  const b = p.header(length);
  let o = HEADER;
  if (p.service_type) o += b.write(p.service_type, o, 'ascii');
  o += 1; // each C string's NUL: the buffer is zeroed
  b[o++] = p.source_addr_ton ?? 0;
  b[o++] = p.source_addr_npi ?? 0;
  if (p.source_addr) o += b.write(p.source_addr, o, 'ascii');
  o += 1;
  b[o++] = p.dest_addr_ton ?? 0;
  b[o++] = p.dest_addr_npi ?? 0;
  if (p.destination_addr) o += b.write(p.destination_addr, o, 'ascii');
  o += 1;
  b[o++] = p.esm_class ?? 0;
  b[o++] = p.protocol_id ?? 0;
  b[o++] = p.priority_flag ?? 0;
  o += 2; // schedule_delivery_time, validity_period: empty C strings
  b[o++] = p.registered_delivery ?? 0;
  b[o++] = p.replace_if_present_flag ?? 0;
  b[o++] = p.data_coding ?? 0;
  b[o++] = p.sm_default_msg_id ?? 0;
  b[o++] = sm.length;
  sm.copy(b, o);
  return b;
}

/** The end of the NUL-terminated string at `o` (the index of its NUL, or `end`). */
function nulAt(b: Buffer, o: number, end: number): number {
  while (o < end && b[o] !== 0) o++;
  return o;
}

/** One PDU from its frame (command_length included): lean where it can be exact, else the package's. */
export function decodePdu(frame: Buffer): PackagePdu {
  const id = frame.readUInt32BE(4);
  let pdu: LeanPdu | null;
  switch (id) {
    case SUBMIT_SM_RESP:
      pdu = new LeanPdu('submit_sm_resp', id);
      if (frame.length > HEADER) pdu.message_id = frame.toString('ascii', HEADER, nulAt(frame, HEADER, frame.length));
      break;
    case ENQUIRE_LINK:
      pdu = new LeanPdu('enquire_link', id);
      break;
    case ENQUIRE_LINK_RESP:
      pdu = new LeanPdu('enquire_link_resp', id);
      break;
    case DELIVER_SM:
      pdu = decodeDeliverSm(frame);
      break;
    default:
      pdu = null;
  }
  if (!pdu) return new lib.PDU(frame);
  pdu.command_status = frame.readUInt32BE(8);
  pdu.sequence_number = frame.readUInt32BE(12);
  return pdu;
}

/** A default-alphabet deliver_sm without UDH and with at most the receipt TLVs; null for anything else. */
function decodeDeliverSm(b: Buffer): LeanPdu | null {
  const end = b.length;
  const p = new LeanPdu('deliver_sm', DELIVER_SM);
  let o = HEADER;
  let n = nulAt(b, o, end);
  p.service_type = b.toString('ascii', o, n);
  o = n + 1;
  p.source_addr_ton = b[o++];
  p.source_addr_npi = b[o++];
  n = nulAt(b, o, end);
  p.source_addr = b.toString('ascii', o, n);
  o = n + 1;
  p.dest_addr_ton = b[o++];
  p.dest_addr_npi = b[o++];
  n = nulAt(b, o, end);
  p.destination_addr = b.toString('ascii', o, n);
  o = n + 1;
  p.esm_class = b[o++];
  p.protocol_id = b[o++];
  p.priority_flag = b[o++];
  // schedule_delivery_time and validity_period: the package parses a time, so only empty ones here.
  if (b[o] !== 0 || b[o + 1] !== 0) return null;
  p.schedule_delivery_time = '';
  p.validity_period = '';
  o += 2;
  p.registered_delivery = b[o++];
  p.replace_if_present_flag = b[o++];
  p.data_coding = b[o++];
  p.sm_default_msg_id = b[o++];
  if (o >= end) return null;
  const smLength = b[o++];
  if (o + smLength > end || p.data_coding & 0x0f || p.esm_class & UDHI) return null;
  const message = decodeGsm7(b.subarray(o, o + smLength));
  if (message === undefined) return null;
  p.short_message = { message };
  o += smLength;
  while (o + 4 <= end) {
    const tag = b.readUInt16BE(o);
    const length = b.readUInt16BE(o + 2);
    o += 4;
    if (o + length > end) return null;
    if (tag === TLV_RECEIPTED_MESSAGE_ID) p.receipted_message_id = b.toString('ascii', o, nulAt(b, o, o + length));
    else if (tag === TLV_MESSAGE_STATE && length === 1) p.message_state = b[o];
    else return null;
    o += length;
  }
  return p;
}

/** The package's limit on command_length. */
export const MAX_PDU_LENGTH = lib.PDU.maxLength;
