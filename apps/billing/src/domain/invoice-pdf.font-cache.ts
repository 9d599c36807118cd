/**
 * pdfkit re-parses a TrueType file (fontkit's cmap, hmtx, GSUB/GPOS… tables) for every document:
 * with DejaVu that is ~20 ms of the ~25 ms an invoice takes. A parsed font is only read after
 * loading and a document is laid out synchronously, so one parsed font per file is shared by all
 * documents; each document still gets its own EmbeddedFont and glyph subset.
 *
 * This reaches into pdfkit internals (`_fontFamilies`, `_fontCount`, `_font`, pinned at 0.17.x);
 * when they are not there, it falls back to pdfkit's own loading, which is only slower.
 */

type EmbeddedFontCtor = new (doc: PDFKit.PDFDocument, font: unknown, id: string) => unknown;

interface PdfkitFontInternals {
  _fontFamilies?: Record<string, unknown>;
  _fontCount?: number;
  _font?: { constructor: EmbeddedFontCtor; font?: unknown };
}

const parsed = new Map<Buffer, { Embedded: EmbeddedFontCtor; font: unknown }>();

/** Registers `src` as `name` on `doc`, reusing the font parsed for an earlier document when there is one. */
export function registerSharedFont(doc: PDFKit.PDFDocument, name: string, src: Buffer): void {
  doc.registerFont(name, src);
  const internals = doc as unknown as PdfkitFontInternals;
  if (typeof internals._fontFamilies !== 'object' || typeof internals._fontCount !== 'number') return;
  const shared = parsed.get(src);
  if (shared) {
    internals._fontCount += 1;
    internals._fontFamilies[name] = new shared.Embedded(doc, shared.font, `F${internals._fontCount}`);
    return;
  }
  doc.font(name); // first document: pdfkit parses the file; keep what it parsed
  const loaded = internals._font;
  if (loaded?.font) parsed.set(src, { Embedded: loaded.constructor, font: loaded.font });
}
