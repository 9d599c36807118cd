import { Inject, Injectable } from '@nestjs/common';
import { InvoiceStatus } from '@sms/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { formatInvoiceNumber } from '../domain/invoice-number';
import { InvoiceRecord, NewInvoice } from './invoice.record';

const COLUMNS = `id, account_id AS "accountId", year, seq, number, issued_at AS "issuedAt",
  issue_date::text AS "issueDate", language, sms_count AS "smsCount",
  unit_price_tenths_of_cent AS "unitPriceTenthsOfCent", amount_excl_vat_cents AS "amountExclVatCents",
  vat_rate_basis_points AS "vatRateBasisPoints", vat_kind AS "vatKind", vat_mention AS "vatMention",
  vat_cents AS "vatCents", total_cents AS "totalCents", currency, status, paid_at AS "paidAt", buyer, seller`;

export interface InvoicePosition {
  year: number;
  seq: number;
}

export interface InvoiceFilter {
  status?: InvoiceStatus;
  /** Inclusive calendar dates "YYYY-MM-DD". */
  from?: string;
  to?: string;
  /** Keyset: only invoices strictly older than this one. */
  after?: InvoicePosition;
  limit: number;
}

/** billing.invoices and its yearly counters. Every read of invoices takes the account id. */
@Injectable()
export class InvoiceRepository {
  constructor(@Inject(DataSource) private readonly ds: DataSource) {}

  /**
   * Next number of `year`, in the caller's transaction. The counter row stays locked until that
   * transaction ends: numbers are handed out in commit order and a rollback gives its number back.
   */
  async allocateSeq(em: EntityManager, year: number): Promise<number> {
    const rows: { last: number }[] = await em.query(
      `INSERT INTO billing.invoice_counters AS c (year, last) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last = c.last + 1 RETURNING last`,
      [year],
    );
    return rows[0].last;
  }

  async insert(em: EntityManager, seq: number, inv: NewInvoice): Promise<InvoiceRecord> {
    const rows: InvoiceRecord[] = await em.query(
      `INSERT INTO billing.invoices (account_id, year, seq, number, issued_at, issue_date, language, sms_count,
         unit_price_tenths_of_cent, amount_excl_vat_cents, vat_rate_basis_points, vat_kind, vat_mention,
         vat_cents, total_cents, currency, buyer, seller)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
       RETURNING ${COLUMNS}`,
      [
        inv.accountId,
        inv.year,
        seq,
        formatInvoiceNumber(inv.year, seq),
        inv.issuedAt,
        inv.issueDate,
        inv.language,
        inv.smsCount,
        inv.unitPriceTenthsOfCent,
        inv.amountExclVatCents,
        inv.vatRateBasisPoints,
        inv.vatKind,
        inv.vatMention,
        inv.vatCents,
        inv.totalCents,
        inv.currency,
        JSON.stringify(inv.buyer),
        JSON.stringify(inv.seller),
      ],
    );
    return rows[0];
  }

  async findById(accountId: string, id: string, em: EntityManager = this.ds.manager): Promise<InvoiceRecord | null> {
    const rows: InvoiceRecord[] = await em.query(
      `SELECT ${COLUMNS} FROM billing.invoices WHERE account_id = $1 AND id = $2`,
      [accountId, id],
    );
    return rows[0] ?? null;
  }

  /** The invoice with the stored PDF of its current version (null until rendered), in one round trip. */
  async findWithPdf(accountId: string, id: string): Promise<(InvoiceRecord & { pdf: Buffer | null }) | null> {
    const rows: (InvoiceRecord & { pdf: Buffer | null })[] = await this.ds.query(
      `SELECT ${COLUMNS},
         (SELECT p.pdf FROM billing.invoice_pdfs p WHERE p.invoice_id = i.id AND p.status = i.status) AS pdf
       FROM billing.invoices i WHERE account_id = $1 AND id = $2`,
      [accountId, id],
    );
    return rows[0] ?? null;
  }

  /** The number and status of an invoice (which stored PDF version is current), without the bytes. */
  async findVersion(accountId: string, id: string): Promise<Pick<InvoiceRecord, 'number' | 'status'> | null> {
    const rows: Pick<InvoiceRecord, 'number' | 'status'>[] = await this.ds.query(
      `SELECT number, status FROM billing.invoices WHERE account_id = $1 AND id = $2`,
      [accountId, id],
    );
    return rows[0] ?? null;
  }

  /** Newest first: (year, seq) descending, which is also the order numbers were issued in. */
  async list(accountId: string, f: InvoiceFilter): Promise<InvoiceRecord[]> {
    const where = ['account_id = $1'];
    const params: unknown[] = [accountId];
    const bind = (value: unknown): string => {
      params.push(value);
      return `$${params.length}`;
    };
    if (f.status) where.push(`status = ${bind(f.status)}`);
    if (f.from) where.push(`issue_date >= ${bind(f.from)}::date`);
    if (f.to) where.push(`issue_date <= ${bind(f.to)}::date`);
    if (f.after) where.push(`(year, seq) < (${bind(f.after.year)}, ${bind(f.after.seq)})`);
    return this.ds.query(
      `SELECT ${COLUMNS} FROM billing.invoices WHERE ${where.join(' AND ')}
       ORDER BY year DESC, seq DESC LIMIT ${bind(f.limit)}`,
      params,
    );
  }

  /** Unpaid → paid; null when the invoice is not this account's or is already paid (nothing changes then). */
  async markPaid(em: EntityManager, accountId: string, id: string, paidAt: Date): Promise<InvoiceRecord | null> {
    const rows: [InvoiceRecord[], number] = await em.query(
      `UPDATE billing.invoices SET status = 'paid', paid_at = $3
       WHERE account_id = $1 AND id = $2 AND status = 'unpaid' RETURNING ${COLUMNS}`,
      [accountId, id, paidAt],
    );
    return rows[0][0] ?? null;
  }
}
