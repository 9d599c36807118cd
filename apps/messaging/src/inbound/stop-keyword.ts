/** Replies that opt the handset out (English, French, Italian), compared trimmed and case-insensitively. */
const STOP_KEYWORDS = new Set(['STOP', 'STOP ALL', 'ARRET', 'ANNULLA']);

/** True when the whole text is a STOP keyword (inner runs of spaces count as one). */
export function isStopKeyword(text: string): boolean {
  return STOP_KEYWORDS.has(text.trim().replace(/\s+/g, ' ').toUpperCase());
}
