import { Logger } from '@nestjs/common';

/**
 * A background loop that runs `tick()` whenever woken, or every `pollMs` otherwise. A tick
 * that returns true (more work is waiting) runs again at once; a failing tick backs off.
 */
export abstract class Wakeable {
  private running?: Promise<void>;
  private stopped = true;
  private woken = false;
  private wakeUp: () => void = () => undefined;
  private readonly loopLogger = new Logger(this.constructor.name);

  protected constructor(private readonly pollMs: number) {}

  protected abstract tick(): Promise<boolean>;

  wake(): void {
    this.woken = true;
    this.wakeUp();
  }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.running = this.loop();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wakeUp();
    await this.running;
    this.running = undefined;
  }

  private async loop(): Promise<void> {
    let failures = 0;
    while (!this.stopped) {
      let more = false;
      try {
        this.woken = false;
        more = await this.tick();
        failures = 0;
      } catch (err) {
        failures++;
        this.loopLogger.warn({
          msg: 'background loop failed; backing off',
          error: err instanceof Error ? err.message : String(err),
        });
      }
      if (this.stopped) break;
      if (more && failures === 0) continue;
      const delay = failures > 0 ? Math.min(30_000, this.pollMs * 2 ** Math.min(failures, 6)) : this.pollMs;
      if (!this.woken || failures > 0) await this.sleep(delay);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done(): void {
        clearTimeout(timer);
        resolve();
      }
      this.wakeUp = done;
    });
  }
}
