import { signUpAndLogIn } from '@sms/testing';
import fc from 'fast-check';
import { e2eHttp, e2eState } from './support/e2e-state';
import { operationsOf } from './fuzz/openapi-operations';
import { FuzzRequest, requestFor } from './fuzz/request-arbitraries';

const http = e2eHttp();
const TOTAL_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const CONCURRENCY = 8;

interface Finding {
  request: FuzzRequest;
  status: number;
  contentType: string | null;
  body: string;
}

async function send(req: FuzzRequest, token: string): Promise<Finding | undefined> {
  const headers = { ...req.headers, ...(req.authenticated ? { authorization: `Bearer ${token}` } : {}) };
  const res = await fetch(`${e2eState().baseUrl}/api/v1${req.path}`, {
    method: req.method,
    headers,
    body: req.rawBody,
  });
  const body = await res.text();
  const contentType = res.headers.get('content-type');
  const finding = { request: req, status: res.status, contentType, body: body.slice(0, 300) };
  if (res.status >= 500) return finding;
  if (res.status >= 400) {
    if (!contentType?.includes('application/problem+json')) return finding;
    const problem = JSON.parse(body) as { status?: unknown; title?: unknown; detail?: unknown };
    if (problem.status !== res.status || typeof problem.title !== 'string' || typeof problem.detail !== 'string')
      return finding;
  }
  return undefined;
}

describe('fuzzing every operation of the OpenAPI document', () => {
  it(`answers ${TOTAL_REQUESTS} generated requests without a 5xx, and every error is problem+json`, async () => {
    const doc = (await (await fetch(`${e2eState().baseUrl}/api/docs-json`)).json()) as Parameters<
      typeof operationsOf
    >[0];
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(10);
    const owner = await signUpAndLogIn(http);
    const perOperation = Math.ceil(TOTAL_REQUESTS / operations.length);
    const requests = operations.flatMap((op, i) =>
      fc.sample(requestFor(op), { numRuns: perOperation, seed: 4242 + i }),
    );

    const findings: Finding[] = [];
    let sent = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const req = requests[next++];
          const finding = await send(req, owner.accessToken);
          sent++;
          if (finding) findings.push(finding);
        }
      }),
    );

    expect(sent).toBeGreaterThanOrEqual(TOTAL_REQUESTS);
    expect(findings.slice(0, 5)).toEqual([]);
    // Zero crashed processes: every service still answers the readiness probe.
    expect((await http.get('/health/ready')).status).toBe(200);
  }, 600_000);
});
