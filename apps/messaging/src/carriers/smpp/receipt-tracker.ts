// Which SMPP part ids belong to which of our messages, and when a multipart message is final:
// delivered once every part is, failed (or expired) as soon as one part is. Parts are tracked
// as each submit_sm_resp arrives, because a receipt may overtake the last part's response.
import { messageIdKeys, Receipt, ReceiptStat } from '@sms/smpp';
import type { DeliveryReport, DeliveryStatus } from '../carrier.port';

interface Tracked {
  messageId: string;
  expected: number;
  parts: string[];
  delivered: Set<string>;
  done: boolean;
}

interface Hit {
  entry: Tracked;
  part: string;
}

const FINAL: Partial<Record<ReceiptStat, DeliveryStatus>> = {
  DELIVRD: 'delivered',
  EXPIRED: 'expired',
  UNDELIV: 'failed',
  REJECTD: 'failed',
  DELETED: 'failed',
  UNKNOWN: 'failed',
};

/** DELIVRD, EXPIRED and the failures: a verdict on the part (ACCEPTD/ENROUTE are not). */
export function isFinalStat(stat: string): stat is ReceiptStat {
  return Object.prototype.hasOwnProperty.call(FINAL, stat);
}

export type ReceiptOutcome =
  | { kind: 'unknown' }
  | { kind: 'partial' }
  | { kind: 'ignored' }
  | { kind: 'final'; report: DeliveryReport };

/** Part ids joined with ',' are the carrier message id we store, so a restart can rebuild this. */
export const PART_ID_SEPARATOR = ',';

/** One message being submitted: its parts are added as the SMSC accepts them. */
export interface TrackedMessage {
  addPart(partId: string): void;
  /** All parts accepted: the carrier message id to store. */
  carrierMessageId(): string;
  /** A part was refused: the message is not tracked any more. */
  abandon(): void;
}

export class ReceiptTracker {
  // Exact ids first, their other (hex/decimal) forms second, so two real ids never shadow each other.
  private readonly byPart = new Map<string, Hit>();
  private readonly byAlias = new Map<string, Hit>();

  get size(): number {
    return this.byPart.size;
  }

  begin(messageId: string, expected: number): TrackedMessage {
    const entry: Tracked = { messageId, expected, parts: [], delivered: new Set(), done: false };
    return {
      addPart: (part) => {
        entry.parts.push(part);
        if (entry.done) return;
        const [exact, ...aliases] = messageIdKeys(part);
        this.byPart.set(exact, { entry, part });
        for (const alias of aliases) this.byAlias.set(alias, { entry, part });
      },
      carrierMessageId: () => entry.parts.join(PART_ID_SEPARATOR),
      abandon: () => this.finish(entry),
    };
  }

  /** After a restart: tracks again a message still awaiting its report (no-op when known). */
  restore(messageId: string, carrierMessageId: string): void {
    const parts = carrierMessageId.split(PART_ID_SEPARATOR).filter(Boolean);
    if (parts.length === 0 || parts.some((p) => this.byPart.has(p.toLowerCase()))) return;
    const tracked = this.begin(messageId, parts.length);
    for (const p of parts) tracked.addPart(p);
  }

  /**
   * The report of `receipt` could not be recorded (the SMSC will resend that receipt): track the
   * message again as it was just before, i.e. with its other parts still delivered.
   */
  reopen(report: DeliveryReport, receipt: Receipt): void {
    const parts = report.carrierMessageId.split(PART_ID_SEPARATOR).filter(Boolean);
    const tracked = this.begin(report.messageId, parts.length);
    for (const p of parts) tracked.addPart(p);
    if (report.status !== 'delivered') return;
    const failedKeys = new Set(messageIdKeys(receipt.id));
    const hit =
      this.byPart.get(messageIdKeys(receipt.id)[0]) ?? [...failedKeys].map((k) => this.byAlias.get(k)).find(Boolean);
    for (const p of parts) if (p !== hit?.part) hit?.entry.delivered.add(p);
  }

  apply(receipt: Receipt, at: Date): ReceiptOutcome {
    const keys = messageIdKeys(receipt.id);
    const hit =
      this.byPart.get(keys[0]) ??
      keys.map((k) => this.byPart.get(k) ?? this.byAlias.get(k)).find((h) => h !== undefined);
    if (!hit) return { kind: 'unknown' };
    const status = FINAL[receipt.stat];
    if (!status) return { kind: 'ignored' }; // ACCEPTD / ENROUTE: not final
    const { entry, part } = hit;
    if (status === 'delivered') {
      entry.delivered.add(part);
      if (entry.delivered.size < entry.expected) return { kind: 'partial' };
    }
    this.finish(entry);
    const report: DeliveryReport = {
      messageId: entry.messageId,
      carrierMessageId: entry.parts.join(PART_ID_SEPARATOR),
      status,
      at,
    };
    if (status !== 'delivered') report.errorCode = `${receipt.stat}:${receipt.err}`;
    return { kind: 'final', report };
  }

  private finish(entry: Tracked): void {
    entry.done = true;
    for (const part of entry.parts) {
      const [exact, ...aliases] = messageIdKeys(part);
      if (this.byPart.get(exact)?.entry === entry) this.byPart.delete(exact);
      for (const alias of aliases) if (this.byAlias.get(alias)?.entry === entry) this.byAlias.delete(alias);
    }
  }
}
