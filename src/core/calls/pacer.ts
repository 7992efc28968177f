/**
 * The pace of one rate-limited key (an API operation, or a service's total): when its next call may start.
 *
 * Alibaba Cloud counts calls per sliding second (and a few operations per hour), so a burst that a token bucket would
 * allow is exactly what gets throttled. Calls are therefore spaced evenly — a generic cell rate algorithm with a
 * tolerance of a few milliseconds, so a timer that fires a little late does not slow the pace down for good — at 95% of
 * the limit: the 5% left over absorbs the jitter between our clock and the server's, so that no sliding second ever
 * sees more calls than the limit.
 *
 * Calls that queue up are released a few at a time rather than one per timer: up to a twentieth of the limit less
 * one (4 at 100 a second, 2 at 60, none below 40), each at most that many slots ahead of its own, so a sliding second
 * holds at most the pace plus that handful — still under the limit (98 of 100, 58 of 60). A process that wakes for
 * every single call spends, on a small virtual machine, more CPU waking than sending: a plan of 20,000 domains makes
 * some 500 paced calls, and waking once per batch saved a tenth of its CPU time.
 *
 * The pace adapts (AIMD): a throttled answer halves it — once per burst of throttled answers, since the calls
 * already in flight were sent at the old pace — and it then creeps back up, by a tenth of the ceiling a second, to
 * the ceiling. `x-acs-retry-after` pauses the key for as long as the server asked.
 *
 * Waiters queue in order; one loop per key releases them, so a thousand waiting calls cost one timer, not a
 * thousand.
 */

import type { Limit } from '../limits.js';
import type { Clock } from '../ports.js';

/** The share of a per-second limit the pace aims at. */
export const HEADROOM = 0.95;
/** How far a call may start ahead of its slot, absorbing timer lateness without drifting. */
const TOLERANCE_MS = 10;
/** Recovery after a throttled answer: this share of the ceiling per second. */
const RECOVERY_PER_S = 0.1;
/** The pace never falls below this share of its ceiling, however often it is halved. */
const FLOOR = 1 / 64;
const HOUR_MS = 3_600_000;

export class Pacer {
  /** Calls per second the pace returns to (undefined: no per-second limit). */
  readonly ceiling: number | undefined;
  private base: number;
  private baseAt = Number.NEGATIVE_INFINITY;
  /** When the last decrease happened: throttled answers to calls sent before it are not news. */
  private decreasedAt = Number.NEGATIVE_INFINITY;
  /** Theoretical start of the next call. */
  private tat = Number.NEGATIVE_INFINITY;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  /** Start times within the last hour, oldest first (only with an hourly limit). */
  private hour: number[] = [];
  private readonly waiting: (() => void)[] = [];
  private pumping = false;

  constructor(
    private readonly limit: Limit,
    private readonly clock: Clock,
    private readonly sleep: (ms: number) => Promise<void>,
  ) {
    this.ceiling = limit.perSecond === undefined ? undefined : limit.perSecond * HEADROOM;
    this.base = this.ceiling ?? 0;
    this.batch = limit.perSecond === undefined ? 1 : Math.max(1, Math.floor(limit.perSecond * (1 - HEADROOM)) - 1);
  }

  /** How many queued calls may start together (see the class comment). */
  readonly batch: number;

  /** The current pace in calls per second (undefined when only an hourly limit applies). */
  rate(now = this.clock.now()): number | undefined {
    if (this.ceiling === undefined) return undefined;
    return Math.min(this.ceiling, this.base + ((now - this.baseAt) / 1000) * RECOVERY_PER_S * this.ceiling);
  }

  /** Resolves when a call may start; the call counts from then. */
  acquire(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      if (!this.pumping) void this.pump();
    });
  }

  /**
   * A call started at `sentAt` was throttled: halve the pace unless that was already done for this burst, and pause
   * for `retryAfterMs` when the server said so. Returns the new pace when it was lowered.
   */
  throttled(sentAt: number, retryAfterMs?: number): number | undefined {
    const now = this.clock.now();
    if (retryAfterMs !== undefined && retryAfterMs > 0)
      this.pausedUntil = Math.max(this.pausedUntil, now + retryAfterMs);
    const rate = this.rate(now);
    if (rate === undefined || this.ceiling === undefined || sentAt < this.decreasedAt) return undefined;
    this.base = Math.max(this.ceiling * FLOOR, rate / 2);
    this.baseAt = now;
    this.decreasedAt = now;
    this.tat = Math.max(this.tat, now + 1000 / this.base);
    return this.base;
  }

  /** The earliest time the next call may start; `ahead`: as one of a batch, up to `batch - 1` slots early. */
  private earliest(now: number, ahead = false): number {
    let at = this.pausedUntil;
    if (this.ceiling !== undefined) {
      const early = ahead && this.batch > 1 ? ((this.batch - 1) * 1000) / this.rate(now)! : 0;
      at = Math.max(at, this.tat - TOLERANCE_MS - early);
    }
    const perHour = this.limit.perHour;
    if (perHour !== undefined) {
      while (this.hour.length > 0 && this.hour[0]! <= now - HOUR_MS) this.hour.shift();
      if (this.hour.length >= perHour) at = Math.max(at, this.hour[this.hour.length - perHour]! + HOUR_MS);
    }
    return at;
  }

  private take(now: number): void {
    const rate = this.rate(now);
    if (rate !== undefined) this.tat = Math.max(this.tat, now) + 1000 / rate;
    if (this.limit.perHour !== undefined) this.hour.push(now);
  }

  private async pump(): Promise<void> {
    this.pumping = true;
    try {
      while (this.waiting.length > 0) {
        const now = this.clock.now();
        if (this.earliest(now, true) > now) {
          // Sleep until the next call's own slot: by then the ones queued behind it may go with it, as a batch.
          // Look again after the sleep: a throttled answer meanwhile may have moved the slot.
          await this.sleep(Math.max(1, this.earliest(now) - now));
          continue;
        }
        this.take(now);
        this.waiting.shift()!();
      }
    } finally {
      this.pumping = false;
    }
  }
}
