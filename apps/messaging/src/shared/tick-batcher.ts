/** What a batch answers for one item: its result, or the error that item alone is rejected with. */
export type Outcome<O> = { ok: O } | { error: unknown };

/**
 * Group commit in process: items submitted while `concurrency` batches are in flight (or in the
 * same turn of the event loop) wait and go together into the next call of `run`, at most `max`
 * per call. Under load the queue grows while every slot is busy, so batches grow with it. `run` answers one outcome per item, in order, so each caller still gets its own
 * result or error; a throwing `run` rejects every item of that batch with its error. Nothing is
 * held back when there is no concurrency: a lone item runs at once, as a batch of one.
 */
export class TickBatcher<I, O> {
  private queue: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  private inFlight = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<Outcome<O>[]>,
    private readonly max = 500,
    private readonly concurrency = 1,
    /** Size of an item (e.g. its rows); a batch stops growing at `maxWeight` (it always takes one). */
    private readonly weigh: (item: I) => number = () => 1,
    private readonly maxWeight = Number.POSITIVE_INFINITY,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.inFlight >= this.concurrency || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      void this.drain();
    });
  }

  /** How many queued items the next batch takes: up to `max`, and up to `maxWeight` after the first. */
  private fitting(): number {
    let n = 0;
    let weight = 0;
    while (n < this.queue.length && n < this.max) {
      weight += this.weigh(this.queue[n].item);
      if (n > 0 && weight > this.maxWeight) break;
      n++;
    }
    return n;
  }

  private async drain(): Promise<void> {
    if (this.inFlight >= this.concurrency || this.queue.length === 0) return;
    this.inFlight++;
    try {
      while (this.queue.length > 0) {
        const batch = this.queue.splice(0, this.fitting());
        let outcomes: Outcome<O>[];
        try {
          outcomes = await this.run(batch.map((b) => b.item));
        } catch (err) {
          outcomes = batch.map(() => ({ error: err }));
        }
        batch.forEach((b, i) => {
          const o = outcomes[i];
          if (o && 'ok' in o) b.resolve(o.ok);
          else b.reject(o ? o.error : new Error('batch answered no outcome for this item'));
        });
      }
    } finally {
      this.inFlight--;
      if (this.queue.length > 0) this.schedule();
    }
  }
}
