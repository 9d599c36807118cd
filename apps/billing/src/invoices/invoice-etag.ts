/**
 * The entity tag of a stored invoice PDF. Billing renders each version of an invoice (unpaid, then
 * paid) once and never rewrites it (first writer wins), so the id and status name the bytes.
 */
export function invoicePdfEtag(invoiceId: string, status: string): string {
  return `"${invoiceId}.${status}"`;
}

/** RFC 9110 If-None-Match: `*`, or a list of tags compared weakly (a `W/` prefix is ignored). */
export function etagMatches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}
