/** One stored version of an invoice's PDF, as billing sent it. */
export interface CachedInvoicePdf {
  etag: string;
  filename: string;
  bytes: Buffer;
}

/** Bytes of PDFs kept per gateway process (an invoice is ~25 KB: about 650 of them). */
export const INVOICE_PDF_CACHE_BYTES = 16 * 1024 * 1024;

/**
 * The PDFs this gateway has served, by invoice id, least recently used dropped first. A copy is
 * never served on its own authority: the gateway asks billing with the copy's ETag as
 * If-None-Match, and billing answers "not modified" only after checking that the caller owns the
 * invoice and that this version is the current one (a paid invoice has a new ETag). Only the
 * bytes (~25 KB, a third more in base64 over NATS, then decoded) stop moving; every request is
 * still authorised by billing. Provided by a factory (gateway.module.ts): its budget is not injected.
 */
export class InvoicePdfCache {
  private readonly entries = new Map<string, CachedInvoicePdf>();
  private bytes = 0;

  constructor(private readonly maxBytes = INVOICE_PDF_CACHE_BYTES) {}

  get(invoiceId: string): CachedInvoicePdf | undefined {
    const entry = this.entries.get(invoiceId);
    if (entry) {
      this.entries.delete(invoiceId);
      this.entries.set(invoiceId, entry); // most recently used last
    }
    return entry;
  }

  set(invoiceId: string, entry: CachedInvoicePdf): void {
    this.delete(invoiceId);
    if (entry.bytes.length > this.maxBytes / 8) return;
    this.entries.set(invoiceId, entry);
    this.bytes += entry.bytes.length;
    for (const [id, oldest] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(id);
      this.bytes -= oldest.bytes.length;
    }
  }

  /** Bytes held (for tests). */
  get size(): number {
    return this.bytes;
  }

  private delete(invoiceId: string): void {
    const old = this.entries.get(invoiceId);
    if (!old) return;
    this.entries.delete(invoiceId);
    this.bytes -= old.bytes.length;
  }
}
