import { buyCredits, HttpClient, OwnStack, signUpAndLogIn, startOwnStack } from '@sms/testing';
import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const PROMETHEUS = process.env.PROMETHEUS_PATH || '/usr/bin/prometheus';

/** Polls `check` until it returns a value, or fails after `timeoutMs`. */
async function until<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/**
 * Operators' view: a real Prometheus scrapes the gateway's /api/v1/metrics and each service's own
 * listener (METRICS_PORT=0: the port each one logged), and its query API returns the counters.
 */
describe('metrics scraped by Prometheus', () => {
  let own: OwnStack;
  let prometheus: ChildProcess | undefined;
  let dataDir: string;

  beforeAll(async () => {
    own = await startOwnStack('scrape', () => ({
      LOG_LEVEL: 'info',
      METRICS_PORT: '0',
      AUTH_RATE_LIMIT_PER_MINUTE: '1000',
    }));
    dataDir = mkdtempSync(path.join(tmpdir(), 'prometheus-'));
  }, 300_000);

  afterAll(async () => {
    prometheus?.kill('SIGTERM');
    await own?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('queries request counts of the gateway and a service through the Prometheus API', async () => {
    const stack = own.stack;
    const gateway = new URL(stack.baseUrl).host;
    const identity = await until(
      'identity metrics port',
      async () => stack.reportedPort('identity', 'metrics listening') || undefined,
    );
    const wallet = await until(
      'wallet metrics port',
      async () => stack.reportedPort('wallet', 'metrics listening') || undefined,
    );
    const messaging = await until(
      'messaging metrics port',
      async () => stack.reportedPort('messaging', 'metrics listening') || undefined,
    );

    const http = new HttpClient(stack.baseUrl);
    const user = await signUpAndLogIn(http);
    for (let i = 0; i < 5; i++) expect((await http.get('/me', { token: user.accessToken })).status).toBe(200);
    // A business fact: two messages accepted by messaging (sms_accepted_total).
    await buyCredits(http, user, 10);
    const sent = await http.post('/sms', {
      token: user.accessToken,
      body: { to: ['+393471234567', '+393471234568'], text: 'scraped', sender: 'ACME' },
    });
    expect(sent.status).toBe(202);

    const config = path.join(dataDir, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        'scrape_configs:',
        '  - job_name: gateway',
        '    metrics_path: /api/v1/metrics',
        `    static_configs: [{ targets: ['${gateway}'] }]`,
        '  - job_name: services',
        `    static_configs: [{ targets: ['127.0.0.1:${identity}', '127.0.0.1:${wallet}', '127.0.0.1:${messaging}'] }]`,
        '',
      ].join('\n'),
    );
    let log = '';
    prometheus = spawn(
      PROMETHEUS,
      [`--config.file=${config}`, `--storage.tsdb.path=${dataDir}/data`, '--web.listen-address=127.0.0.1:0'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    prometheus.stderr?.on('data', (c: Buffer) => (log += c.toString()));
    prometheus.stdout?.on('data', (c: Buffer) => (log += c.toString()));
    const api = await until('Prometheus listening', async () => {
      const m = /msg="Listening on" address=(127\.0\.0\.1:\d+)/.exec(log);
      return m ? `http://${m[1]}/api/v1` : undefined;
    });

    const query = async (promql: string): Promise<number | undefined> => {
      const res = await fetch(`${api}/query?query=${encodeURIComponent(promql)}`);
      const body = (await res.json()) as { data?: { result?: { value: [number, string] }[] } };
      const first = body.data?.result?.[0];
      return first === undefined ? undefined : Number(first.value[1]);
    };

    // Every target is up: the gateway and the three services were scraped.
    const up = await until('four targets up', async () => ((await query('sum(up)')) === 4 ? 4 : undefined));
    expect(up).toBe(4);
    const me = await until('the /me count scraped', async () => {
      const v = await query('sum(http_request_duration_seconds_count{job="gateway",route="/api/v1/me",status="200"})');
      return v !== undefined && v >= 5 ? v : undefined;
    });
    expect(me).toBe(5);
    const handled = await until('identity handled requests scraped', async () => {
      const v = await query('sum(nats_request_handled_duration_seconds_count{service="identity",outcome="ok"})');
      return v !== undefined && v >= 6 ? v : undefined;
    });
    expect(handled).toBeGreaterThanOrEqual(6); // signup, login and five /me at least
    const accepted = await until('the accepted SMS counted', async () => {
      const v = await query('sum(sms_accepted_total{service="messaging"})');
      return v !== undefined && v >= 2 ? v : undefined;
    });
    expect(accepted).toBe(2);
  });
});
