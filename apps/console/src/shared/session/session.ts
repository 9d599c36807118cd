import { useSyncExternalStore } from 'react';

export interface Tokens {
  accessToken: string;
  refreshToken: string;
}

// sessionStorage: a login lasts for the tab (reloads included), never shared with other tabs.
const KEY = 'sms-console.tokens';
const listeners = new Set<() => void>();
let tokens: Tokens | null = read();

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
    globalThis.sessionStorage?.setItem(KEY, JSON.stringify(next));
    emit();
  },
  clear(): void {
    tokens = null;
    globalThis.sessionStorage?.removeItem(KEY);
    emit();
  },
  subscribe(fn: () => void): () => void {
    listeners.add(fn);
    return () => listeners.delete(fn);
  },
};

/** The current tokens; re-renders when the user logs in, out, or the session expires. */
export function useSession(): Tokens | null {
  return useSyncExternalStore(session.subscribe, session.get);
}
