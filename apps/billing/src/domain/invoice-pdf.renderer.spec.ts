import { readPdf } from '@sms/testing';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { resolveFontDir } from './invoice-pdf.fonts';
import type { InvoicePdfModel } from './invoice-pdf.model';
import { renderInvoicePdf, renderInvoicePdfToBuffer } from './invoice-pdf.renderer';

const repoRoot = resolve(__dirname, '../../../..');

function model(overrides: Partial<InvoicePdfModel> = {}): InvoicePdfModel {
  return {
    number: '2026-000042',
    issueDate: '2026-03-05',
    language: 'it',
    seller: {
      name: 'SMS Gateway S.r.l.',
      addressLines: ['Via Roma 1', '47121 Forlì (FC)'],
      vatNumber: 'IT01234567890',
      country: 'IT',
    },
    buyer: {
      company: 'Città di Forlì',
      firstName: 'Зоя',
      lastName: 'Δήμητρα',
      address: 'Piazza Aurelio Saffi 8',
      postalCode: '47121',
      city: 'Forlì',
      country: 'IT',
      vatNumber: 'IT00606620409',
    },
    line: { description: 'SMS pack', quantity: 2501, unitPriceTenthsOfCent: 68, amountCents: 17007 },
    vat: { rateBasisPoints: 2200, mention: null },
    totals: { amountExclVatCents: 17007, vatCents: 3742, totalCents: 20749 },
    status: 'unpaid',
    ...overrides,
  };
}

/** pdf-parse keeps glyph order but may break lines; compare on whitespace-free text. */
const squash = (text: string): string => text.replace(/\s+/g, '');

describe('renderInvoicePdf', () => {
  it('renders a real Italian PDF with Unicode names, € totals and the UNPAID mark', async () => {
    const pdf = await renderInvoicePdfToBuffer(model());
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const parsed = await readPdf(pdf);
    const text = squash(parsed.text);
    expect(parsed.info.Title).toBe('2026-000042');
    for (const expected of [
      '2026-000042',
      'Città di Forlì',
      'Зоя Δήμητρα',
      '05/03/2026',
      '0,068 €',
      '170,07 €',
      '37,42 €',
      '207,49 €',
      'IVA 22%',
      'NON PAGATA / UNPAID',
    ]) {
      expect(text).toContain(squash(expected));
    }
    expect(text).toContain('€');
    expect(text).toContain('2.501');
  });

  it('renders English labels, the reverse-charge mention and the PAID mark', async () => {
    const mention = 'Reverse charge – VAT to be accounted for by the recipient, art. 196 Directive 2006/112/EC';
    const pdf = await renderInvoicePdfToBuffer(
      model({
        language: 'en',
        status: 'paid',
        buyer: {
          firstName: 'Jürgen',
          lastName: 'Weiß',
          address: 'Hauptstraße 1',
          postalCode: '10115',
          city: 'Berlin',
          country: 'DE',
          vatNumber: 'DE123456789',
        },
        line: { description: 'SMS pack', quantity: 2500, unitPriceTenthsOfCent: 68, amountCents: 17000 },
        vat: { rateBasisPoints: 0, mention },
        totals: { amountExclVatCents: 17000, vatCents: 0, totalCents: 17000 },
      }),
    );
    const text = squash((await readPdf(pdf)).text);
    for (const expected of [
      'Invoice',
      '2,500',
      'Jürgen Weiß',
      '5 Mar 2026',
      '€170.00',
      '€0.00',
      'VAT 0%',
      mention,
      'PAID',
    ]) {
      expect(text).toContain(squash(expected));
    }
    expect(text).not.toContain('UNPAID');
  });

  it('streams into any writable and resolves when it has finished', async () => {
    const chunks: Buffer[] = [];
    const out = new Writable({
      write: (chunk: Buffer, _enc, done) => {
        chunks.push(chunk);
        done();
      },
    });
    await renderInvoicePdf(model(), out);
    expect(out.writableFinished).toBe(true);
    expect(Buffer.concat(chunks).subarray(-6).toString('latin1')).toContain('%%EOF');
  });

  it('refuses to print totals that do not add up', async () => {
    const broken = model({ totals: { amountExclVatCents: 17007, vatCents: 3742, totalCents: 20750 } });
    await expect(renderInvoicePdfToBuffer(broken)).rejects.toThrow(/inconsistent/);
  });
});

describe('resolveFontDir', () => {
  const expected = join(repoRoot, 'apps/billing/assets/fonts');

  it('finds the shipped fonts from the sources and from compiled output', () => {
    expect(resolveFontDir(__dirname)).toBe(expected);
    expect(resolveFontDir(join(repoRoot, 'dist/apps/billing/src/domain'))).toBe(expected);
  });

  it('fails with a clear error when no assets directory is above', () => {
    expect(() => resolveFontDir(tmpdir())).toThrow(/Invoice fonts not found/);
  });
});
