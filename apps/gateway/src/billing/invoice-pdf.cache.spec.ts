import { InvoicePdfCache } from './invoice-pdf.cache';

const pdf = (etag: string, size: number) => ({ etag, filename: `${etag}.pdf`, bytes: Buffer.alloc(size) });

describe('InvoicePdfCache', () => {
  it('keeps at most its byte budget, dropping the least recently used first', () => {
    const cache = new InvoicePdfCache(1000);
    for (let i = 0; i < 8; i++) cache.set(`i${i}`, pdf(`e${i}`, 120)); // 960 bytes
    expect(cache.get('i0')?.etag).toBe('e0'); // i0 is now the most recently used, i1 the least
    cache.set('i8', pdf('e8', 120)); // 1080 > 1000: i1 goes
    expect(cache.get('i1')).toBeUndefined();
    expect(cache.get('i0')?.etag).toBe('e0');
    expect(cache.get('i8')?.etag).toBe('e8');
    expect(cache.size).toBe(960);
  });

  it('replaces an invoice’s older version and counts its bytes once', () => {
    const cache = new InvoicePdfCache(800);
    cache.set('a', pdf('a1', 100));
    cache.set('a', pdf('a2', 90));
    expect(cache.get('a')?.etag).toBe('a2');
    expect(cache.size).toBe(90);
  });

  it('does not keep a PDF larger than an eighth of the budget', () => {
    const cache = new InvoicePdfCache(800);
    cache.set('a', pdf('a1', 101));
    expect(cache.get('a')).toBeUndefined();
    expect(cache.size).toBe(0);
  });
});
