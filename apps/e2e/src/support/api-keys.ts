import { HttpClient, HttpResponse } from '@sms/testing';

export interface ApiKeyFixture {
  id: string;
  secret: string;
}

/** Creates an API key with a login's token; throws unless it is created. */
export async function createApiKey(
  http: HttpClient,
  token: string,
  body: { name?: string; scopes: string[]; subAccountId?: string; expiresAt?: string },
): Promise<ApiKeyFixture> {
  const res = await http.post('/api-keys', { token, body: { name: 'e2e key', ...body } });
  if (res.status !== 201) throw new Error(`create api key: ${res.status} ${res.text}`);
  return { id: res.body.id, secret: res.body.secret };
}

export const withKey = (secret: string, headers: Record<string, string> = {}) => ({
  headers: { 'x-api-key': secret, ...headers },
});

/** Polls `probe` until it returns the wanted status; the answer that had it, or an error at the deadline. */
export async function pollStatus(
  probe: () => Promise<HttpResponse>,
  status: number,
  deadlineMs = 15_000,
): Promise<HttpResponse> {
  const deadline = Date.now() + deadlineMs;
  let last: HttpResponse | undefined;
  while (Date.now() < deadline) {
    last = await probe();
    if (last.status === status) return last;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`never got ${status}; last ${last?.status} ${last?.text}`);
}
