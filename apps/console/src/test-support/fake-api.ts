/**
 * A fake of the gateway for component tests: each test says how it answers (method + path) and
 * reads back what the screen sent. Anything not answered is a 404 problem, so a screen calling
 * an unexpected endpoint shows it.
 */
export interface SentRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}
type Answer = Response | ((req: SentRequest) => Response | Promise<Response>);

let routes = new Map<string, Answer>();
export const sent: SentRequest[] = [];

export function installFakeFetch(): void {
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const url = new URL(request.url);
    const text = await request.text();
    let body: unknown = undefined;
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
      }
    }
    const req: SentRequest = {
      method: request.method,
      path: url.pathname,
      query: url.searchParams,
      headers: request.headers,
      body,
    };
    sent.push(req);
    const answer = routes.get(`${req.method} ${req.path}`);
    if (!answer) return problem(404, `no fake answer for ${req.method} ${req.path}`);
    return typeof answer === 'function' ? answer(req) : answer.clone();
  }) as typeof fetch;
}

export function resetFakeApi(): void {
  routes = new Map();
  sent.length = 0;
}

/** `answer('GET /api/v1/campaigns', json(200, page))` */
export function answer(route: string, response: Answer): void {
  routes.set(route, response);
}

export function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

export function noContent(): Response {
  return new Response(null, { status: 204 });
}

export function problem(status: number, detail: string, errors?: { field: string; message: string }[]): Response {
  return new Response(
    JSON.stringify({ type: 'about:blank', status, title: 'Problem', detail, ...(errors ? { errors } : {}) }),
    {
      status,
      headers: { 'content-type': 'application/problem+json' },
    },
  );
}

export const requestsTo = (method: string, path: string): SentRequest[] =>
  sent.filter((r) => r.method === method && r.path === path);
