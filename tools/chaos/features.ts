// What the stack has, so each kind of traffic and each check is switched on by what exists:
// an app must be built and its gateway routes published in the OpenAPI document. A feature that is
// off is a violation (checks/coverage.ts): the run would otherwise prove nothing about it.
import { scaled } from './slowness';
import type { FeatureName, Features } from './types';

const ROUTES: Record<FeatureName, string[]> = {
  billing: ['/api/v1/purchases', '/api/v1/invoices/{id}/pay'],
  subAccounts: ['/api/v1/sub-accounts', '/api/v1/sub-accounts/{id}/credit', '/api/v1/sub-accounts/{id}/reset'],
  sms: ['/api/v1/sms'],
  history: ['/api/v1/history', '/api/v1/sub-accounts/{id}/history'],
  alerts: ['/api/v1/account/balance-alert', '/api/v1/account/notifications'],
};

const APPS: Record<FeatureName, string[]> = {
  billing: ['billing', 'wallet'],
  subAccounts: ['wallet'],
  sms: ['messaging', 'wallet'],
  history: ['reporting', 'messaging'],
  alerts: ['notifications', 'wallet'],
};

/** Which features the stack has. */
export async function detectFeatures(baseUrl: string, apps: string[]): Promise<Features> {
  const doc = await fetchDocs(baseUrl);
  const paths = new Set(Object.keys(doc.paths ?? {}));
  const on = (f: FeatureName): boolean =>
    ROUTES[f].every((r) => paths.has(r)) && APPS[f].every((a) => apps.includes(a));
  return {
    billing: on('billing'),
    subAccounts: on('subAccounts'),
    sms: on('sms'),
    history: on('history'),
    alerts: on('alerts'),
  };
}

/** The OpenAPI document, retried for up to 30 s (scaled by the machine's slowness); an empty one when it never came (every feature off: a violation). */
async function fetchDocs(baseUrl: string): Promise<{ paths?: Record<string, unknown> }> {
  const deadline = Date.now() + scaled(30000);
  for (;;) {
    try {
      const res = await fetch(`${baseUrl}/api/docs-json`, { signal: AbortSignal.timeout(10000) });
      if (res.ok) return (await res.json()) as { paths?: Record<string, unknown> };
    } catch {
      /* retried below */
    }
    if (Date.now() > deadline) return { paths: {} };
    await new Promise((r) => setTimeout(r, 500));
  }
}
