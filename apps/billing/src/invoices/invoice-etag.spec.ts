import { etagMatches, invoicePdfEtag } from './invoice-etag';

describe('invoice PDF entity tags', () => {
  const etag = invoicePdfEtag('0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10', 'paid');

  it('names the version: another status is another tag', () => {
    expect(etag).toBe('"0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10.paid"');
    expect(invoicePdfEtag('0b5c7a52-3f0e-4c1e-9d8e-6a2f4b1c9e10', 'unpaid')).not.toBe(etag);
  });

  it('matches If-None-Match as RFC 9110 says', () => {
    expect(etagMatches(etag, etag)).toBe(true);
    expect(etagMatches(`W/${etag}`, etag)).toBe(true);
    expect(etagMatches(`"other", ${etag}`, etag)).toBe(true);
    expect(etagMatches('*', etag)).toBe(true);
    expect(etagMatches('"other"', etag)).toBe(false);
    expect(etagMatches(undefined, etag)).toBe(false);
    expect(etagMatches('', etag)).toBe(false);
  });
});
