// Type of number / numbering plan for the addresses we put in submit_sm.

export const TON_INTERNATIONAL = 0x01;
export const TON_ALPHANUMERIC = 0x05;
export const NPI_ISDN = 0x01;
export const NPI_UNKNOWN = 0x00;

export interface SmppAddress {
  ton: number;
  npi: number;
  addr: string;
}

/** "+393331234567" → international/ISDN without '+'; "ACME" → alphanumeric/unknown. */
export function toSmppAddress(value: string): SmppAddress {
  const digits = /^\+?([0-9]{1,15})$/.exec(value);
  if (digits) return { ton: TON_INTERNATIONAL, npi: NPI_ISDN, addr: digits[1] };
  return { ton: TON_ALPHANUMERIC, npi: NPI_UNKNOWN, addr: value };
}

/** A handset address as received (usually without '+') back to E.164. */
export function fromSmppAddress(addr: string, ton: number | undefined): string {
  if (/^[0-9]{1,15}$/.test(addr) && (ton === TON_INTERNATIONAL || ton === undefined || ton === 0)) return `+${addr}`;
  return addr;
}
