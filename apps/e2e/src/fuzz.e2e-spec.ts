import fc from 'fast-check';
import { randomInt } from 'node:crypto';
import { buyCredits, createSubAccount, signUpAndLogIn } from './support/fixtures';
import { e2eHttp, e2eState } from './support/e2e-state';
import { OpenApiDoc, Operation, operationsOf } from './fuzz/openapi-operations';
import { FuzzRequest, requestFor } from './fuzz/request-arbitraries';
import { schemaProblems } from './fuzz/response-schema';

const http = e2eHttp();
const TOTAL_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const CONCURRENCY = 8;
/** A new seed per run, printed; `FUZZ_SEED=<n>` replays a run's requests. */
const SEED = Number(process.env.FUZZ_SEED ?? randomInt(1, 2 ** 31));

interface Finding {
  operation: string;
  request: FuzzRequest;
  status: number;
  contentType: string | null;
  body: string;
  problems?: string[];
}

async function send(
  req: FuzzRequest,
  op: Operation,
  doc: OpenApiDoc,
  tokens: Record<'owner' | 'manager', string>,
  ok: Map<string, number>,
): Promise<Finding | undefined> {
  const token = req.as === 'none' ? undefined : tokens[req.as];
  const headers = { ...req.headers, ...(token ? { authorization: `Bearer ${token}` } : {}) };
  const res = await fetch(`${e2eState().baseUrl}/api/v1${req.path}`, {
    method: req.method,
    headers,
    body: req.rawBody,
  });
  const body = await res.text();
  const contentType = res.headers.get('content-type');
  const finding = {
    operation: `${op.method} ${op.path}`,
    request: req,
    status: res.status,
    contentType,
    body: body.slice(0, 300),
  };
  // "Not ready" is the readiness probe's documented answer while a service is slow (a loaded machine).
  const notReady = op.path === '/health/ready' && res.status === 503;
  if (res.status >= 500 && !notReady) return finding;
  if (res.status >= 200 && res.status < 300) {
    ok.set(`${op.method} ${op.path}`, (ok.get(`${op.method} ${op.path}`) ?? 0) + 1);
    // A 2xx JSON answer must be what the OpenAPI document says it is.
    const schema = op.responses[String(res.status)];
    if (schema && contentType?.includes('json')) {
      const problems = schemaProblems(JSON.parse(body), schema, doc);
      if (problems.length) return { ...finding, problems: problems.slice(0, 5) };
    } else if (!(String(res.status) in op.responses)) {
      return { ...finding, problems: [`${res.status} is not a documented answer of ${op.method} ${op.path}`] };
    }
  }
  if (res.status >= 400) {
    if (!contentType?.includes('application/problem+json')) return finding;
    const problem = JSON.parse(body) as { status?: unknown; title?: unknown; detail?: unknown };
    if (problem.status !== res.status || typeof problem.title !== 'string' || typeof problem.detail !== 'string')
      return finding;
  }
  return undefined;
}

describe('fuzzing every operation of the OpenAPI document', () => {
  it(`answers ${TOTAL_REQUESTS} generated requests (seed ${SEED}) without a 5xx, errors as problem+json, 2xx as documented`, async () => {
    console.log(`fuzz seed ${SEED} (replay: FUZZ_SEED=${SEED})`);
    const doc = (await (await fetch(`${e2eState().baseUrl}/api/docs-json`)).json()) as OpenApiDoc;
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(10);
    // A funded owner with billing details, an invoice and two sub-accounts: real ids reach deep handlers.
    const owner = await signUpAndLogIn(http);
    const invoiceId = await buyCredits(http, owner, 2000);
    const managed = await createSubAccount(http, owner, 200);
    const other = await createSubAccount(http, owner);
    const tokens = { owner: owner.accessToken, manager: managed.managerToken };
    const realIds = [invoiceId, managed.id, other.id, owner.accountId];
    const perOperation = Math.ceil(TOTAL_REQUESTS / operations.length);
    // Logout and deactivation revoke the sessions the other requests use: they go last.
    const revoking = (op: Operation) => /\/(logout|deactivate)$/.test(op.path);
    operations.sort((a, b) => Number(revoking(a)) - Number(revoking(b)));
    const requests = operations.flatMap((op, i) =>
      fc.sample(requestFor(op, realIds), { numRuns: perOperation, seed: SEED + i }).map((req) => ({ req, op })),
    );
    const ok = new Map<string, number>();

    const findings: Finding[] = [];
    let sent = 0;
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < requests.length) {
          const { req, op } = requests[next++];
          const finding = await send(req, op, doc, tokens, ok);
          sent++;
          if (finding) findings.push(finding);
        }
      }),
    );

    expect(sent).toBeGreaterThanOrEqual(TOTAL_REQUESTS);
    // One sample per kind of finding (operation, status, first problem), so a bug repeated does not hide others.
    const kind = (f: Finding) => `${f.operation} ${f.status} ${f.problems?.[0] ?? ''}`;
    const distinct = [...new Map(findings.map((f) => [kind(f), f])).values()];
    expect({ seed: SEED, findings: distinct.slice(0, 8) }).toEqual({ seed: SEED, findings: [] });
    // Deep handlers were reached: a good share of operations answered 2xx at least once (1,500
    // requests gave 19 of 39 here).
    console.log(`fuzz 2xx per operation: ${[...ok].map(([k, n]) => `${k} ${n}`).join(', ')}`);
    expect(ok.size).toBeGreaterThanOrEqual(Math.ceil(operations.length / 3));
    // Zero crashed processes: every service still answers the readiness probe.
    expect((await http.get('/health/ready')).status).toBe(200);
  }, 600_000);
});
