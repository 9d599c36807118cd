import { Logger, LoggerService } from '@nestjs/common';
import { errorMessage, Latch, sleepUntil } from './nats-connection';

export interface BackgroundLoopOptions {
  /** Names the loop in its log lines. */
  name: string;
  /** The wait between iterations when nothing woke the loop. */
  intervalMs: number;
  /** Delay after the n-th failure in a row (n ≥ 1); default min(30 s, intervalMs·2^min(n, 6)). */
  backoffMs?: (failures: number) => number;
  /** Whether `wake()` cuts a backoff short (default true); false keeps an outage from being hammered. */
  wakeCutsBackoff?: boolean;
  /** First iteration at start (default) or only after `intervalMs`. */
  runAtStart?: boolean;
  logger?: LoggerService;
}

/**
 * The one background loop of the house (pollers, relays, sweepers): runs `iteration` at
 * start, then whenever woken (`wake()`) or every `intervalMs`. An iteration that returns true
 * (more work is waiting) runs again at once; a throwing one is logged and backed off. `stop()`
 * lets the iteration in hand finish and resolves after it: start it in `onApplicationBootstrap`,
 * stop it in `beforeApplicationShutdown`.
 */
export class BackgroundLoop {
  private running?: Promise<void>;
  private stopped = true;
  private woken = false;
  private wakeSignal = new Latch();
  private stopSignal = new Latch();
  private readonly logger: LoggerService;

  constructor(
    private readonly iteration: () => Promise<boolean | void>,
    private readonly opts: BackgroundLoopOptions,
  ) {
    this.logger = opts.logger ?? new Logger(opts.name);
  }

  get isRunning(): boolean {
    return this.running !== undefined;
  }

  start(): void {
    if (this.running) return;
    this.stopped = false;
    this.stopSignal = new Latch();
    this.running = this.run();
  }

  /** Wakes the loop now (work was just committed), instead of at the next interval. */
  wake(): void {
    this.woken = true;
    this.wakeSignal.fire();
  }

  /** Stops after the iteration in hand (awaited); a sleep or backoff is cut short. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.stopped = true;
    this.stopSignal.fire();
    await this.running;
    this.running = undefined;
  }

  private async run(): Promise<void> {
    if (this.opts.runAtStart === false) await this.idle();
    let failures = 0;
    while (!this.stopped) {
      let more = false;
      this.woken = false;
      this.wakeSignal = new Latch();
      try {
        more = (await this.iteration()) === true;
        failures = 0;
      } catch (err) {
        failures++;
        const delay = (this.opts.backoffMs ?? this.defaultBackoff)(failures);
        this.logger.warn({ msg: `${this.opts.name} failed; backing off`, error: errorMessage(err), delayMs: delay });
        if (this.stopped) break;
        const signals = this.opts.wakeCutsBackoff === false ? [this.stopSignal] : [this.stopSignal, this.wakeSignal];
        await sleepUntil(delay, ...signals);
        continue;
      }
      if (this.stopped) break;
      if (more || this.woken) continue;
      await this.idle();
    }
  }

  private idle(): Promise<void> {
    return sleepUntil(this.opts.intervalMs, this.stopSignal, this.wakeSignal);
  }

  private readonly defaultBackoff = (failures: number): number =>
    Math.min(30_000, this.opts.intervalMs * 2 ** Math.min(failures, 6));
}
