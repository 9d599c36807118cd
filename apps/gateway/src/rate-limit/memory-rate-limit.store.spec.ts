import { MemoryRateLimitStore } from './memory-rate-limit.store';

describe('MemoryRateLimitStore', () => {
  it('counts in fixed windows, or from the latest hit when sliding', async () => {
    let now = 0;
    const store = new MemoryRateLimitStore(100, () => now);
    await store.increment('k', 1000);
    now = 900;
    await expect(store.increment('k', 1000)).resolves.toEqual({ count: 2, resetInMs: 100 });
    now = 1000;
    await expect(store.peek('k')).resolves.toEqual({ count: 0, resetInMs: 0 });
    await store.increment('s', 1000, true);
    now = 1900;
    await expect(store.increment('s', 1000, true)).resolves.toEqual({ count: 2, resetInMs: 1000 });
  });

  it('holds at most maxKeys counters, dropping the oldest written', async () => {
    const store = new MemoryRateLimitStore(1000, () => 0);
    for (let i = 0; i < 50_000; i++) await store.increment(`ip:${i}`, 60_000);
    expect(store.size).toBe(1000);
    await expect(store.peek('ip:49999')).resolves.toMatchObject({ count: 1 });
    await expect(store.peek('ip:0')).resolves.toMatchObject({ count: 0 });
  });
});
