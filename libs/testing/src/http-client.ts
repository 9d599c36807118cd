/**
 * A response body as specs read it: parsed JSON they reach into freely and check with `expect`.
 * The one explicit `any` of the code base: typing each body would rewrite every e2e spec.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = any;

export interface HttpResponse<T = Json> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export interface RequestOptions {
  body?: unknown;
  /** Sent as-is (for malformed JSON and oversized bodies). */
  rawBody?: string | Buffer;
  token?: string;
  headers?: Record<string, string>;
}

/** A small fetch wrapper for end-to-end tests: JSON in, parsed JSON (or text) out. */
export class HttpClient {
  constructor(readonly baseUrl: string) {}

  async request<T = Json>(method: string, path: string, opts: RequestOptions = {}): Promise<HttpResponse<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    let body: string | Buffer | undefined;
    if (opts.rawBody !== undefined) body = opts.rawBody;
    else if (opts.body !== undefined) body = JSON.stringify(opts.body);
    if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
      headers['content-type'] = 'application/json';
    }
    if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    const res = await fetch(`${this.baseUrl}/api/v1${path}`, { method, headers, body });
    const text = await res.text();
    let parsed: unknown = text;
    if (/json/.test(res.headers.get('content-type') ?? '') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T, text };
  }

  get<T = Json>(path: string, opts?: RequestOptions) {
    return this.request<T>('GET', path, opts);
  }
  post<T = Json>(path: string, opts?: RequestOptions) {
    return this.request<T>('POST', path, opts);
  }
  put<T = Json>(path: string, opts?: RequestOptions) {
    return this.request<T>('PUT', path, opts);
  }
  patch<T = Json>(path: string, opts?: RequestOptions) {
    return this.request<T>('PATCH', path, opts);
  }
}
