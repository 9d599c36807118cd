import { ValidationFailedError } from './domain-errors';

/**
 * Position after the last row of a page in (time desc, id desc) order: messages by submitted_at,
 * campaigns by created_at. One cursor format for every list keyed that way.
 */
export interface KeysetPosition {
  submittedAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Opaque to clients: base64url of `[submittedAt ISO, id]`. */
export function encodeKeysetCursor(p: KeysetPosition): string {
  return Buffer.from(JSON.stringify([p.submittedAt.toISOString(), p.id])).toString('base64url');
}

export function decodeKeysetCursor(cursor: string): KeysetPosition {
  const invalid = () =>
    new ValidationFailedError([{ field: 'cursor', message: 'cursor is not a cursor returned by this API' }]);
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 2 || typeof value[0] !== 'string' || typeof value[1] !== 'string')
    throw invalid();
  const submittedAt = new Date(value[0]);
  if (Number.isNaN(submittedAt.getTime()) || !UUID.test(value[1])) throw invalid();
  return { submittedAt, id: value[1] };
}
