/**
 * Bounded concurrency. Apply starts every domain at once and lets the governor's semaphore per service decide how many
 * calls are in flight, so a slow CDN wait on one domain never holds up DNS writes of another, and no service sees
 * more than `tuning.concurrency` concurrent requests from one runtime.
 */

/** A counting semaphore; `run` holds one slot for the duration of `fn`. */
export class Semaphore {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(private readonly size: number) {
    if (size < 1) throw new RangeError('concurrency must be at least 1');
  }

  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.queue.push(resolve));
    else this.active++;
    try {
      return await fn();
    } finally {
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** Runs `fn` over `items` with at most `n` in flight, keeping the order of results. */
export async function mapLimit<T, R>(items: readonly T[], n: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const sem = new Semaphore(Math.max(1, n));
  return Promise.all(items.map((item) => sem.run(() => fn(item))));
}
