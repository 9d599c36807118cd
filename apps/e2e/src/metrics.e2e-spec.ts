import { signUpAndLogIn } from '@sms/testing';
import { e2eState, e2eHttp } from './support/e2e-state';

const http = e2eHttp();

/** The value of one series in Prometheus text, or undefined when it is absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text
    .split('\n')
    .find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line === undefined ? undefined : Number(line.slice(line.lastIndexOf(' ') + 1));
}

/**
 * /metrics of every gateway process: counters are per process, and with E2E_REPLICAS > 1 the
 * requests are spread over the replicas (with one, this is the gateway behind `baseUrl`).
 */
async function scrapeEach(): Promise<string[]> {
  return Promise.all(
    e2eState().gatewayUrls.map(async (url) => {
      const res = await fetch(`${url}/api/v1/metrics`);
      expect(res.status).toBe(200);
      return res.text();
    }),
  );
}

/** A series summed over the processes' scrapes (0 where it is absent). */
function total(scrapes: string[], name: string, labels: Record<string, string>): number {
  return scrapes.reduce((sum, text) => sum + (sample(text, name, labels) ?? 0), 0);
}

describe('gateway metrics', () => {
  it('counts each request by route template and status, and each NATS request it sent', async () => {
    const user = await signUpAndLogIn(http);
    const meBefore = total(await scrapeEach(), 'http_request_duration_seconds_count', {
      route: '/api/v1/me',
      status: '200',
    });

    for (let i = 0; i < 3; i++) expect((await http.get('/me', { token: user.accessToken })).status).toBe(200);
    expect((await http.get('/me')).status).toBe(401);

    const res = await fetch(`${e2eState().baseUrl}/api/v1/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/plain');
    const after = await scrapeEach();
    expect(total(after, 'http_request_duration_seconds_count', { route: '/api/v1/me', status: '200' })).toBe(
      meBefore + 3,
    );
    expect(
      total(after, 'http_request_duration_seconds_count', { route: '/api/v1/me', status: '401' }),
    ).toBeGreaterThanOrEqual(1);
    const all = after.join('\n');
    // The route template, never the raw path with ids.
    expect(all).not.toMatch(/route="[^"]*[0-9a-f]{8}-[0-9a-f]{4}-/);
    const sent = all.split('\n').filter((l) => l.startsWith('nats_request_sent_duration_seconds_count{'));
    expect(sent.length).toBeGreaterThan(0);
    expect(sent.some((l) => l.includes('user.me.v1') && l.includes('outcome="ok"'))).toBe(true);
    for (const text of after) expect(text).toContain('service="gateway"');
  });
});
