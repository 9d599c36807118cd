import { createHash } from 'node:crypto';

/** The hash before an account's first entry. */
export const GENESIS_HASH = '0'.repeat(64);

/** What an entry's hash covers: every stored field but the hash itself. */
export interface HashedEntry {
  id: string;
  accountId: string;
  seq: number;
  at: string;
  actor: { userId: string; role: string; accountId: string };
  action: string;
  target: { type: string; id: string };
  subAccountId: string | null;
  changes: Record<string, unknown> | null;
  requestId: string;
  ip: string;
  prevHash: string;
}

/** JSON with object keys sorted at every level (jsonb does not keep key order). */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** sha256 (hex) of the canonical JSON of the entry, its previous hash included. */
export function entryHash(e: HashedEntry): string {
  return createHash('sha256').update(canonicalJson(e)).digest('hex');
}
