import { RemoteProblemError } from '@sms/contracts';
import { requestContext } from '@sms/logging';
import { markRequestRepeatable, withRpcRetry } from './rpc-retry';

const gone = () =>
  new RemoteProblemError({ status: 503, title: 'Service Unavailable', detail: 'x', code: 'upstream-timeout' });
const refused = () => new RemoteProblemError({ status: 422, title: 'Unprocessable', detail: 'x', code: 'no' });

/** An attempt that fails `failures` times with `error()`, then answers 'ok'; records each timeout given. */
function flaky(failures: number, error: () => Error) {
  const budgets: number[] = [];
  const attempt = async (timeoutMs: number) => {
    budgets.push(timeoutMs);
    if (budgets.length <= failures) throw error();
    return 'ok';
  };
  return { attempt, budgets };
}

describe('withRpcRetry', () => {
  it('sends a request that is not repeatable once, with the whole deadline', async () => {
    const { attempt, budgets } = flaky(1, gone);
    await expect(withRpcRetry(attempt, 5000, false)).rejects.toThrow(RemoteProblemError);
    expect(budgets).toEqual([5000]);
  });

  it('repeats a repeatable request after a transport failure, its first attempt leaving a second one time', async () => {
    const { attempt, budgets } = flaky(2, gone);
    await expect(withRpcRetry(attempt, 5000, true)).resolves.toBe('ok');
    expect(budgets).toHaveLength(3);
    expect(budgets[0]).toBe(4000);
    expect(budgets[1]).toBeGreaterThan(4000);
  });

  it('keeps a quarter of a short deadline for the second attempt', async () => {
    const { attempt, budgets } = flaky(0, gone);
    await expect(withRpcRetry(attempt, 2000, true)).resolves.toBe('ok');
    expect(budgets).toEqual([1500]);
  });

  it('never repeats an answer of the service (a refusal is definitive)', async () => {
    const { attempt, budgets } = flaky(1, refused);
    await expect(withRpcRetry(attempt, 5000, true)).rejects.toThrow(RemoteProblemError);
    expect(budgets).toHaveLength(1);
  });

  it('gives up when the deadline leaves no room for another attempt', async () => {
    const { attempt, budgets } = flaky(100, gone);
    const started = Date.now();
    await expect(withRpcRetry(attempt, 900, true)).rejects.toThrow(RemoteProblemError);
    expect(Date.now() - started).toBeLessThan(900);
    expect(budgets.length).toBeGreaterThanOrEqual(1);
  });

  it('reads the request context: repeatable once marked', async () => {
    await requestContext.run({ requestId: 'r1' }, async () => {
      const first = flaky(1, gone);
      await expect(withRpcRetry(first.attempt, 5000)).rejects.toThrow(RemoteProblemError);
      markRequestRepeatable();
      const second = flaky(1, gone);
      await expect(withRpcRetry(second.attempt, 5000)).resolves.toBe('ok');
    });
  });
});
