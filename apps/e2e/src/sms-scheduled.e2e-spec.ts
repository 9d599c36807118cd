import { buyCredits, HttpClient, OwnStack, signUpAndLogIn, startOwnStack } from '@sms/testing';
import { e2eState } from './support/e2e-state';

/**
 * A restart of messaging between scheduling and the due time must lose nothing. The global
 * stack is not reachable from a test worker, so this file runs its own stack (own database,
 * own NATS prefix) and restarts messaging in it.
 */
describe('scheduled campaigns across a restart of messaging', () => {
  let own: OwnStack;
  let http: HttpClient;

  beforeAll(async () => {
    own = await startOwnStack('sched', () => ({ ...e2eState().env, LOG_LEVEL: 'warn' }));
    http = new HttpClient(own.stack.baseUrl);
  }, 240_000);

  afterAll(async () => {
    await own?.stop();
  });

  it('sends a campaign that came due while messaging was down', async () => {
    const owner = await signUpAndLogIn(http);
    await buyCredits(http, owner, 10);
    // Far enough ahead that messaging is down before it comes due even on a loaded machine;
    // the test checks that it was (else it would pass without testing the restart).
    const scheduledAt = new Date(Date.now() + 20_000);
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
    await own.stack.stopApp('messaging');
    expect(Date.now()).toBeLessThan(scheduledAt.getTime());
    expect(await statuses()).toEqual(['queued', 'queued']);
    await new Promise((r) => setTimeout(r, Math.max(0, scheduledAt.getTime() - Date.now() + 500)));
    own.stack.spawn('messaging');
    await own.stack.waitReady();

    await waitFor(async () => {
      const now = await statuses();
      return now.length === 2 && now.every((s) => s === 'delivered');
    }, 120_000);
    const items = (await http.get('/history', { token: owner.accessToken })).body.items as {
      submittedAt: string;
      deliveredAt: string;
    }[];
    expect(items).toHaveLength(2);
    expect(items.every((m) => Date.parse(m.deliveredAt) >= scheduledAt.getTime())).toBe(true);
    expect((await http.get('/account/balance', { token: owner.accessToken })).body.credits).toBe(8);
  }, 360_000);
});

async function waitFor(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 200));
  }
}
