import { AttemptRecorder } from './attempt-recorder';

describe('AttemptRecorder', () => {
  it('writes what finishes during a write together in the next one, each promise resolved after its write', async () => {
    const writes: number[][] = [];
    let release!: () => void;
    const firstWrite = new Promise<void>((r) => (release = r));
    const recorder = new AttemptRecorder<number>(async (items) => {
      writes.push(items);
      if (writes.length === 1) await firstWrite;
    });
    const first = recorder.record(1);
    await new Promise((r) => setImmediate(r));
    const later = [2, 3, 4].map((n) => recorder.record(n));
    let laterDone = false;
    void Promise.all(later).then(() => (laterDone = true));
    await new Promise((r) => setImmediate(r));
    expect(writes).toEqual([[1]]);
    expect(laterDone).toBe(false);
    release();
    await first;
    await Promise.all(later);
    expect(writes).toEqual([[1], [2, 3, 4]]);
  });

  it('rejects the results of a failed write and keeps writing the next ones', async () => {
    let fail = true;
    const recorder = new AttemptRecorder<string>(async () => {
      if (fail) throw new Error('database down');
    });
    await expect(recorder.record('a')).rejects.toThrow('database down');
    fail = false;
    await expect(recorder.record('b')).resolves.toBeUndefined();
  });

  it('caps a statement at maxBatch results', async () => {
    const sizes: number[] = [];
    const recorder = new AttemptRecorder<number>(async (items) => {
      sizes.push(items.length);
    }, 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => recorder.record(n)));
    expect(sizes).toEqual([2, 2, 1]);
  });
});
