// GSM 03.38 segment counting. Billing is per segment, so this must match what the carrier counts.

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentCount {
  encoding: SmsEncoding;
  /** Septets (GSM-7) or UTF-16 code units (UCS-2) of the whole text. */
  units: number;
  segments: number;
}

// Default alphabet in table order (0x00-0x7F) minus 0x1B, the escape to the extension table.
export const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ' +
  'ÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';

// Extension table: each costs ESC + char = 2 septets.
export const GSM7_EXTENSION = '\f^{}\\[~]|€';

const BASIC_SET: ReadonlySet<string> = new Set(GSM7_BASIC);
const EXTENSION_SET: ReadonlySet<string> = new Set(GSM7_EXTENSION);

export const GSM7_SINGLE_LIMIT = 160;
/** 160 septets minus the 7 the concatenation UDH takes. */
export const GSM7_PART_LIMIT = 153;
export const UCS2_SINGLE_LIMIT = 70;
/** 140 octets minus the 6-octet UDH, in 2-octet units. */
export const UCS2_PART_LIMIT = 67;

/** True when every character is in the GSM-7 default alphabet or its extension table. */
export function isGsm7(text: string): boolean {
  for (const ch of text) {
    if (!BASIC_SET.has(ch) && !EXTENSION_SET.has(ch)) return false;
  }
  return true;
}

export function countSegments(text: string): SegmentCount {
  // Iterating by code point keeps escape pairs and surrogate pairs as one indivisible width.
  const gsm = isGsm7(text);
  const widths: number[] = [];
  for (const ch of text) {
    widths.push(gsm ? (EXTENSION_SET.has(ch) ? 2 : 1) : ch.length);
  }
  const units = widths.reduce((sum, w) => sum + w, 0);
  const single = gsm ? GSM7_SINGLE_LIMIT : UCS2_SINGLE_LIMIT;
  const part = gsm ? GSM7_PART_LIMIT : UCS2_PART_LIMIT;
  const encoding: SmsEncoding = gsm ? 'GSM-7' : 'UCS-2';

  if (units === 0) return { encoding, units, segments: 0 };
  if (units <= single) return { encoding, units, segments: 1 };
  return { encoding, units, segments: packParts(widths, part) };
}

// Greedy packing: a 2-unit char that does not fit in the current part opens the next one,
// so a part may carry one unit less than the limit.
function packParts(widths: readonly number[], capacity: number): number {
  let parts = 1;
  let used = 0;
  for (const w of widths) {
    if (used + w > capacity) {
      parts += 1;
      used = 0;
    }
    used += w;
  }
  return parts;
}

/**
 * The parts a carrier adapter submits: one string when the text fits a single SMS, else the
 * same greedy packing countSegments() bills (153 septets / 67 UTF-16 units per part), so
 * `splitSegments(t).length === countSegments(t).segments` always holds.
 */
export function splitSegments(text: string): string[] {
  const { encoding, units, segments } = countSegments(text);
  if (segments <= 1) return [text];
  const gsm = encoding === 'GSM-7';
  const capacity = gsm ? GSM7_PART_LIMIT : UCS2_PART_LIMIT;
  const parts: string[] = [];
  let current = '';
  let used = 0;
  for (const ch of text) {
    const w = gsm ? (EXTENSION_SET.has(ch) ? 2 : 1) : ch.length;
    if (used + w > capacity) {
      parts.push(current);
      current = '';
      used = 0;
    }
    current += ch;
    used += w;
  }
  parts.push(current);
  return units > 0 ? parts : [text];
}
