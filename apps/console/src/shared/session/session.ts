import { useSyncExternalStore } from 'react';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

// sessionStorage: a login lasts for the tab (reloads included), never shared with other tabs.
const KEY = 'sms-console.tokens';
const listeners = new Set<() => void>();
let tokens: Tokens | null = read();
let ended: 'logout' | 'expired' | null = null;

function read(): Tokens | null {
  try {
    const raw = globalThis.sessionStorage?.getItem(KEY);
    return raw ? (JSON.parse(raw) as Tokens) : null;
  } catch {
    return null;
  }
}

function emit(): void {
  for (const fn of listeners) fn();
}

export const session = {
  get: (): Tokens | null => tokens,
  set(next: Tokens): void {
    tokens = next;
    ended = null;
    globalThis.sessionStorage?.setItem(KEY, JSON.stringify(next));
    emit();
  },
  /** Ends the session; a logout goes to the login page plainly, an expiry keeps the page. */
  clear(reason: 'logout' | 'expired' = 'expired'): void {
    tokens = null;
    ended = reason;
    globalThis.sessionStorage?.removeItem(KEY);
    emit();
  },
  endedBy: (): 'logout' | 'expired' | null => ended,
  subscribe(fn: () => void): () => void {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
};

/** The current tokens; re-renders when the user logs in, out, or the session expires. */
export function useSession(): Tokens | null {
  return useSyncExternalStore(session.subscribe, session.get);
}
