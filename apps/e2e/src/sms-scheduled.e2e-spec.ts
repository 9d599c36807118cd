import {
  AppStack,
  buyCredits,
  createTestDatabase,
  dropTestDatabase,
  HttpClient,
  REPO_ROOT,
  resolveTestInfra,
  runToken,
  signUpAndLogIn,
  TestInfra,
} from '@sms/testing';
import * as path from 'node:path';
import { e2eState } from './support/e2e-state';

/**
 * A restart of messaging between scheduling and the due time must lose nothing. The global
 * stack is not reachable from a test worker, so this file runs its own stack (own database,
 * own NATS prefix) and restarts messaging in it.
 */
describe('scheduled campaigns across a restart of messaging', () => {
  let infra: TestInfra;
  let stack: AppStack;
  let database: string;
  let http: HttpClient;

  beforeAll(async () => {
    infra = await resolveTestInfra();
    const token = runToken();
    database = `sms_e2e_test_sched_${token}`;
    const databaseUrl = await createTestDatabase(infra.adminDatabaseUrl, database);
    const env = { ...e2eState().env, DATABASE_URL: databaseUrl, NATS_PREFIX: `s${token}.`, LOG_LEVEL: 'warn' };
    stack = new AppStack(env, path.join(REPO_ROOT, 'tmp/test-logs', `e2e-sched-${token}`));
    await stack.start();
    http = new HttpClient(stack.baseUrl);
  }, 180_000);

  afterAll(async () => {
    await stack?.stop();
    if (database) await dropTestDatabase(infra.adminDatabaseUrl, database);
    await infra?.stop();
  });

  it('sends a campaign that came due while messaging was down', async () => {
    const owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 10);
    const scheduledAt = new Date(Date.now() + 4000);
    const res = await http.post('/sms', {
      token: owner.accessToken,
      body: {
        to: ['+393481234567', '+393481234568'],
        text: 'see you later',
        sender: 'ACME',
        scheduledAt: scheduledAt.toISOString(),
      },
    });
    expect(res.status).toBe(202);
    expect(res.body.creditsCharged).toBe(2);

    const statuses = async () =>
      ((await http.get('/history', { token: owner.accessToken })).body.items as { status: string }[]).map(
        (m) => m.status,
      );
    await waitFor(async () => (await statuses()).length === 2);
    expect(await statuses()).toEqual(['queued', 'queued']);

    // Down before the due time, back after it.
    await stack.stopApp('messaging');
    await new Promise((r) => setTimeout(r, Math.max(0, scheduledAt.getTime() - Date.now() + 500)));
    stack.spawn('messaging');
    await stack.waitReady();

    await waitFor(async () => {
      const now = await statuses();
      return now.length === 2 && now.every((s) => s === 'delivered');
    }, 60_000);
    const items = (await http.get('/history', { token: owner.accessToken })).body.items as {
      submittedAt: string;
      deliveredAt: string;
    }[];
    expect(items).toHaveLength(2);
    expect(items.every((m) => Date.parse(m.deliveredAt) >= scheduledAt.getTime())).toBe(true);
    expect((await http.get('/account/balance', { token: owner.accessToken })).body.credits).toBe(8);
  }, 180_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}
