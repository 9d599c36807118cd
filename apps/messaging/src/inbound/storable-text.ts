/**
 * A handset's text as PostgreSQL can keep it, in `text` and in the event's `jsonb`: U+0000 (which
 * neither holds) and unpaired UTF-16 surrogates (which jsonb refuses) become U+FFFD. A UCS-2 reply
 * can carry both; refused by the insert, its deliver_sm was answered with an error and resent by
 * the SMSC without end. Everything else is kept as received.
 */
export function storableText(text: string): string {
  return text.toWellFormed().replace(/\u0000/g, '\uFFFD');
}
