/**
 * A clock that moves only when everything else is waiting: `sleep` registers a timer, and `run` drives a promise to
 * its end by letting all pending work run, then jumping to the next timer. Time-dependent code (pacing, backoff,
 * polling) is then tested to the millisecond without a wall clock.
 */
export class VirtualTime {
  now = 0;
  private seq = 0;
  private timers: { at: number; seq: number; resolve: () => void }[] = [];

  readonly clock = { now: () => this.now };

  readonly sleep = (ms: number): Promise<void> =>
    new Promise<void>((resolve) => {
      this.timers.push({ at: this.now + Math.max(0, ms), seq: this.seq++, resolve });
    });

  /** Runs until `p` settles; throws if it waits with no timer left to fire (a deadlock). */
  async run<T>(p: Promise<T>): Promise<T> {
    let settled = false;
    p.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await new Promise<void>((r) => setImmediate(r));
      if (settled) return p;
      if (this.timers.length === 0) throw new Error('VirtualTime: waiting with no timer pending');
      this.timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const t = this.timers.shift()!;
      this.now = Math.max(this.now, t.at);
      t.resolve();
    }
  }
}
