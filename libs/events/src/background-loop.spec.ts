import { LoggerService } from '@nestjs/common';
import { BackgroundLoop } from './background-loop';

const quiet: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };

async function eventually(probe: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('BackgroundLoop', () => {
  it('runs at start, again at once while there is more, and on wake() instead of waiting for the interval', async () => {
    let runs = 0;
    const loop = new BackgroundLoop(async () => ++runs < 3, { name: 't', intervalMs: 60_000, logger: quiet });
    loop.start();
    await eventually(() => runs === 3);
    loop.wake();
    await eventually(() => runs === 4);
    await loop.stop();
    expect(runs).toBe(4);
  });

  it('backs off after a failure and keeps going', async () => {
    let runs = 0;
    const loop = new BackgroundLoop(
      async () => {
        runs++;
        if (runs === 1) throw new Error('boom');
      },
      { name: 't', intervalMs: 60_000, backoffMs: () => 10, logger: quiet },
    );
    loop.start();
    await eventually(() => runs === 2);
    await loop.stop();
  });

  it('stop() awaits the iteration in hand and cuts the sleep short', async () => {
    let finished = false;
    let release!: () => void;
    const loop = new BackgroundLoop(
      () =>
        new Promise<void>((resolve) => {
          release = () => {
            finished = true;
            resolve();
          };
        }),
      { name: 't', intervalMs: 60_000, logger: quiet },
    );
    loop.start();
    await eventually(() => release !== undefined);
    const stopped = loop.stop();
    setTimeout(() => release(), 20);
    await stopped;
    expect(finished).toBe(true);
  });

  it('with runAtStart false, waits one interval (or a wake) first', async () => {
    let runs = 0;
    const loop = new BackgroundLoop(async () => void runs++, {
      name: 't',
      intervalMs: 60_000,
      runAtStart: false,
      logger: quiet,
    });
    loop.start();
    await new Promise((r) => setTimeout(r, 30));
    expect(runs).toBe(0);
    loop.wake();
    await eventually(() => runs === 1);
    await loop.stop();
  });
});
