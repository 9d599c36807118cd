// Delivery receipts as SMSCs send them: TLVs when present, else the de-facto text format
// `id:<id> sub:001 dlvrd:001 submit date:YYMMDDhhmm done date:YYMMDDhhmm stat:DELIVRD err:000 text:...`.

export type ReceiptStat = 'DELIVRD' | 'EXPIRED' | 'DELETED' | 'UNDELIV' | 'ACCEPTD' | 'UNKNOWN' | 'REJECTD' | 'ENROUTE';

/** message_state TLV values (SMPP 3.4 §5.3.2.35). */
export const MESSAGE_STATE: Readonly<Record<number, ReceiptStat>> = {
  1: 'ENROUTE',
  2: 'DELIVRD',
  3: 'EXPIRED',
  4: 'DELETED',
  5: 'UNDELIV',
  6: 'ACCEPTD',
  7: 'UNKNOWN',
  8: 'REJECTD',
};

export const STAT_TO_STATE: Readonly<Record<ReceiptStat, number>> = {
  ENROUTE: 1,
  DELIVRD: 2,
  EXPIRED: 3,
  DELETED: 4,
  UNDELIV: 5,
  ACCEPTD: 6,
  UNKNOWN: 7,
  REJECTD: 8,
};

export interface Receipt {
  id: string;
  stat: ReceiptStat;
  err: string;
}

/** The esm_class bits 2-5 value of an SMSC delivery receipt. */
export const ESM_CLASS_RECEIPT = 0x04;

export function isReceipt(esmClass: number | undefined): boolean {
  return ((esmClass ?? 0) & 0x3c) === ESM_CLASS_RECEIPT;
}

const STATS = new Set<string>(Object.keys(STAT_TO_STATE));

/** Parses the receipt text; null when it does not carry at least an id and a known stat. */
export function parseReceiptText(text: string): Receipt | null {
  const id = /(?:^|\s)id:(\S+)/i.exec(text)?.[1];
  const stat = /(?:^|\s)stat:(\S+)/i.exec(text)?.[1]?.toUpperCase();
  const err = /(?:^|\s)err:(\S+)/i.exec(text)?.[1] ?? '000';
  if (!id || !stat || !STATS.has(stat)) return null;
  return { id, stat: stat as ReceiptStat, err };
}

/** The text form an SMSC sends; dates as YYMMDDhhmm (UTC). */
export function formatReceiptText(r: Receipt, submitted: Date, done: Date, text = ''): string {
  const delivered = r.stat === 'DELIVRD' ? '001' : '000';
  return (
    `id:${r.id} sub:001 dlvrd:${delivered} submit date:${yymmddhhmm(submitted)} done date:${yymmddhhmm(done)} ` +
    `stat:${r.stat} err:${r.err} text:${text.slice(0, 20)}`
  );
}

function yymmddhhmm(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${p(d.getUTCFullYear() % 100)}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}`;
}

/**
 * The keys under which a carrier id may come back: SMSCs answer submit_sm_resp with a hex id
 * and quote it in decimal in the receipt text (or the other way round), so an id made only of
 * decimal digits is also indexed by its hex form and a hex id by its decimal form.
 */
export function messageIdKeys(id: string): string[] {
  const trimmed = id.trim().toLowerCase();
  const keys = new Set([trimmed]);
  if (/^[0-9a-f]{1,16}$/.test(trimmed)) keys.add(BigInt(`0x${trimmed}`).toString(10));
  if (/^[0-9]{1,20}$/.test(trimmed)) keys.add(BigInt(trimmed).toString(16));
  return [...keys];
}
