import createClient, { type Middleware } from 'openapi-fetch';
import { session } from '../session/session';
import { ApiError, NetworkError, toProblem } from './errors';
import type { components, paths } from './schema.gen';

export type Schemas = components['schemas'];

const REFRESH_PATH = '/api/v1/auth/refresh';
const originals = new WeakMap<Request, Request>();
let refreshing: Promise<boolean> | null = null;

/** One refresh at a time, however many requests got a 401 together (tokens rotate). */
function refreshOnce(): Promise<boolean> {
  refreshing ??= (async () => {
    const current = session.get();
    if (!current) return false;
    try {
      const res = await fetch(REFRESH_PATH, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ refreshToken: current.refreshToken }),
      });
      if (!res.ok) return false;
      const pair = (await res.json()) as { accessToken: string; refreshToken: string };
      session.set({ accessToken: pair.accessToken, refreshToken: pair.refreshToken });
      return true;
    } catch {
      return false;
    }
  })().finally(() => {
    refreshing = null;
  });
  return refreshing;
}

const isAuthCall = (url: string): boolean => /\/api\/v1\/auth\/(login|signup|refresh)$/.test(new URL(url).pathname);

// Bearer token on every call; a 401 refreshes once and retries, else the session ends and
// the router sends the person to the login page, keeping where they were.
const auth: Middleware = {
  onRequest({ request }) {
    const tokens = session.get();
    if (tokens) request.headers.set('authorization', `Bearer ${tokens.accessToken}`);
    originals.set(request, request.clone());
    return request;
  },
  async onResponse({ request, response }) {
    if (response.status !== 401 || isAuthCall(request.url) || !session.get()) return response;
    const again = originals.get(request);
    if (again && (await refreshOnce())) {
      again.headers.set('authorization', `Bearer ${session.get()?.accessToken ?? ''}`);
      const retried = await fetch(again);
      if (retried.status !== 401) return retried;
    }
    session.clear();
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: globalThis.location?.origin ?? '' });
api.use(auth);

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a typed call, or an ApiError (problem+json) / NetworkError (no answer). */
export async function call<T>(pending: Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await pending;
  } catch (err) {
    throw new NetworkError(err instanceof Error ? err.message : String(err));
  }
  if (!result.response.ok) throw new ApiError(toProblem(result.response.status, result.error));
  return result.data as T;
}

/** A fresh key per attempt the person makes; a retry of the same attempt reuses it. */
export function newIdempotencyKey(): string {
  return crypto.randomUUID();
}

/** Saves a binary answer (PDF, Excel) under the server's file name. */
export async function saveBlob(pending: Promise<FetchResult<unknown>>, fallbackName: string): Promise<void> {
  const blob = await call(pending as Promise<FetchResult<Blob>>);
  const disposition = (await pending).response.headers.get('content-disposition') ?? '';
  const name = /filename="?([^";]+)"?/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
