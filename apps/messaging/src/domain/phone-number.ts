// Recipient helpers shared by the send paths; format checks only, no carrier/HLR lookups.

const E164 = /^\+[1-9]\d{6,14}$/;

/** Strict E.164: leading '+', no spaces or separators, 7 to 15 digits, no leading zero. */
export function isE164(s: string): boolean {
  return E164.test(s);
}

/** Drops exact duplicates, keeping the first occurrence so the caller's order is preserved. */
export function dedupeRecipients(list: readonly string[]): string[] {
  return [...new Set(list)];
}

/**
 * An SMPP address as E.164: SMSCs send international numbers without `+` (TON 1), sometimes
 * with `00`; anything that is not all digits (an alphanumeric address) is kept as it came.
 */
export function addressToE164(address: string): string {
  const a = address.trim();
  if (/^\+\d+$/.test(a)) return a;
  if (/^00\d+$/.test(a)) return `+${a.slice(2)}`;
  if (/^\d+$/.test(a)) return `+${a}`;
  return a;
}
