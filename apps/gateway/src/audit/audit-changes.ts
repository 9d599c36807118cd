import { AuditChange } from '@sms/contracts';

/** Never recorded, at any depth: the value of a key that looks like a credential. */
const SECRET = /pass(word)?|secret|token|api.?key|hash|signature|credential/i;

function flatten(value: unknown, prefix: string, out: Map<string, unknown>): void {
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET.test(k)) continue;
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
    }
    return;
  }
  if (prefix) out.set(prefix, value === undefined ? null : value);
}

/** The fields that differ between two views (dotted paths for nested ones), secrets left out. */
export function diffViews(before: unknown, after: unknown): Record<string, AuditChange> {
  const a = new Map<string, unknown>();
  const b = new Map<string, unknown>();
  flatten(before, '', a);
  flatten(after, '', b);
  const changes: Record<string, AuditChange> = {};
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const from = a.has(key) ? a.get(key) : null;
    const to = b.has(key) ? b.get(key) : null;
    if (JSON.stringify(from) !== JSON.stringify(to)) changes[key] = { from, to };
  }
  return changes;
}

/** What a request set (a creation, a credit): every non-secret field of its body, from null. */
export function bodyFields(body: unknown): Record<string, AuditChange> {
  return diffViews(undefined, body);
}
