import { readPdf } from '@sms/testing';
import PDFDocument from 'pdfkit';
import { registerSharedFont } from './invoice-pdf.font-cache';
import { loadInvoiceFonts } from './invoice-pdf.fonts';

function render(text: string): Promise<{ pdf: Buffer; font: unknown }> {
  const doc = new PDFDocument({ size: 'A4' });
  registerSharedFont(doc, 'regular', loadInvoiceFonts().regular);
  doc.font('regular').text(text);
  const font = (doc as unknown as { _font: { font: unknown } })._font.font;
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<{ pdf: Buffer; font: unknown }>((resolve) =>
    doc.on('end', () => resolve({ pdf: Buffer.concat(chunks), font })),
  );
  doc.end();
  return done;
}

describe('registerSharedFont', () => {
  it('parses the TTF once and still embeds, per document, the glyphs that document uses', async () => {
    const first = await render('Zoë Müller 170,00 €');
    const second = await render('Зоя Δήμητρα Łódź');
    const third = await render('Città');
    expect(second.font).toBe(first.font);
    expect(third.font).toBe(first.font);
    expect((await readPdf(first.pdf)).text).toContain('Zoë Müller 170,00 €');
    expect((await readPdf(second.pdf)).text).toContain('Зоя Δήμητρα Łódź');
    expect((await readPdf(third.pdf)).text).toContain('Città');
    // A subset per document: the short Latin one does not carry the Cyrillic and Greek glyphs.
    expect(third.pdf.length).toBeLessThan(second.pdf.length);
  });
});
