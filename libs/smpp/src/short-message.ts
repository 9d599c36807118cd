// The octets a carrier puts in short_message: GSM 03.38 default alphabet one septet per octet
// (SMPP data_coding 0, unpacked, as SMPP carries it) or UCS-2 big-endian (data_coding 8).
import { GSM7_BASIC, GSM7_EXTENSION, isGsm7, splitSegments } from '@sms/sms-text';

/** Code of each basic character: the table has no 0x1B (the escape), so codes after it skip one. */
const BASIC_CODE: ReadonlyMap<string, number> = new Map(
  [...GSM7_BASIC].map((ch, i) => [ch, i < 0x1b ? i : i + 1] as const),
);

/** Code that follows the 0x1B escape for each extension character (GSM 03.38 table 6.2.1.1). */
const EXTENSION_CODE: ReadonlyMap<string, number> = new Map([
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
]);

const ESCAPE = 0x1b;
const SPACE = 0x20;

// Both tables must name every character the segment counter counts as GSM-7.
if (EXTENSION_CODE.size !== [...GSM7_EXTENSION].length) throw new Error('GSM-7 extension table out of step');

/**
 * GSM-7 septets, one per octet: extension characters as ESC + code; a character outside the
 * alphabet (callers check isGsm7 first) becomes a space, as the SMPP package's own coder does.
 */
export function encodeGsm7(text: string): Buffer {
  const out: number[] = [];
  for (const ch of text) {
    const basic = BASIC_CODE.get(ch);
    if (basic !== undefined) {
      out.push(basic);
      continue;
    }
    const ext = EXTENSION_CODE.get(ch);
    if (ext !== undefined) out.push(ESCAPE, ext);
    else out.push(SPACE);
  }
  return Buffer.from(out);
}

/** UTF-16 big-endian code units (surrogate pairs kept as two units). */
export function encodeUcs2(text: string): Buffer {
  return Buffer.from(text, 'utf16le').swap16();
}

/** A text as submit_sm carries it: its data_coding and the octets of each part (UDH not included). */
export interface EncodedText {
  dataCoding: 0 | 8;
  parts: Buffer[];
}

/**
 * The parts billing counted (splitSegments), each encoded: GSM-7 when every character is in the
 * alphabet (data_coding 0), else UCS-2 (8). Handing the package octets skips its per-PDU
 * alphabet detection and re-encoding of the same campaign text.
 */
export function encodeText(text: string): EncodedText {
  const gsm = isGsm7(text);
  return {
    dataCoding: gsm ? 0 : 8,
    parts: splitSegments(text).map((part) => (gsm ? encodeGsm7(part) : encodeUcs2(part))),
  };
}
