// Concatenation user data header (3GPP TS 23.040, IE 0x00: 8-bit reference).

export const UDH_IE_CONCAT_8BIT = 0x00;

export interface ConcatInfo {
  reference: number;
  total: number;
  sequence: number;
}

/** The full 6-octet header, length octet included, for part `sequence` (1-based) of `total`. */
export function concatUdh(reference: number, total: number, sequence: number): Buffer {
  if (!Number.isInteger(reference) || reference < 0 || reference > 255) throw new RangeError(`reference ${reference}`);
  if (!Number.isInteger(total) || total < 2 || total > 255) throw new RangeError(`total ${total}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > total) throw new RangeError(`sequence ${sequence}`);
  return Buffer.from([0x05, UDH_IE_CONCAT_8BIT, 0x03, reference, total, sequence]);
}

/**
 * Reads the concatenation IE from decoded UDH information elements (each `[iei, len, ...data]`,
 * as the smpp package hands them). null when there is none; throws when it is malformed.
 */
export function readConcat(elements: readonly Buffer[] | undefined): ConcatInfo | null {
  const ie = elements?.find((e) => e[0] === UDH_IE_CONCAT_8BIT);
  if (!ie) return null;
  if (ie.length !== 5 || ie[1] !== 0x03) throw new Error('malformed concatenation IE');
  const [reference, total, sequence] = [ie[2], ie[3], ie[4]];
  if (total < 1 || sequence < 1 || sequence > total) throw new Error(`bad part ${sequence}/${total}`);
  return { reference, total, sequence };
}
