import { InFlight } from './in-flight';

describe('InFlight', () => {
  it('is idle at once when nothing started', async () => {
    await expect(new InFlight().idle(10_000)).resolves.toBe(true);
  });

  it('becomes idle when the last unit ends, each end counted once', async () => {
    const work = new InFlight();
    const a = work.begin();
    const b = work.begin();
    let idle: boolean | undefined;
    const waiting = work.idle(60_000).then((v) => (idle = v));
    a();
    a(); // a second call changes nothing
    expect(work.count).toBe(1);
    await Promise.resolve();
    expect(idle).toBeUndefined();
    b();
    await waiting;
    expect(idle).toBe(true);
    expect(work.count).toBe(0);
  });

  it('answers false at the deadline when work is still running', async () => {
    const work = new InFlight();
    work.begin();
    await expect(work.idle(1)).resolves.toBe(false);
    expect(work.count).toBe(1);
  });
});
