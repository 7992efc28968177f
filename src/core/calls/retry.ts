/**
 * Waiting, in one place: the backoff between attempts of a failed call (the governor's retries), and `pollUntil`, the
 * loop that waits for the cloud to reach a state (an ownership proof seen, a CDN domain online, refresh tasks done)
 * within a time bound, reporting as it goes. Time comes from the runtime's clock and sleep, so tests move it without
 * waiting.
 */
import type { Runtime, Tuning } from '../ports.js';

export const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

/**
 * The delay before retry number `attempt` (1 = the first retry): `baseDelayMs · 2^(attempt-1)` capped at
 * `maxDelayMs`, with "equal jitter" (half fixed, half random, so concurrent callers spread out but never retry at
 * once), or the server's `x-acs-retry-after` when that is longer.
 */
export function backoffDelay(
  attempt: number,
  tuning: Pick<Tuning, 'baseDelayMs' | 'maxDelayMs'>,
  random: () => number,
  retryAfterMs?: number,
): number {
  const exp = Math.min(tuning.maxDelayMs, tuning.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exp / 2 + (random() * exp) / 2;
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

/** Doubling delays from `baseDelayMs` to `maxDelayMs`, for waits that should look often at first. */
export const doubling =
  (tuning: Pick<Tuning, 'baseDelayMs' | 'maxDelayMs'>) =>
  (n: number): number =>
    Math.min(tuning.maxDelayMs, tuning.baseDelayMs * 2 ** n);

/** One look at the state waited for: done with a value, or not yet (what we wait for, and what we saw). */
export type Look<T, L> = { done: true; value: T } | { done: false; waiting: string; last: L };

export interface PollOptions<T, L> {
  /** Give up after this long. */
  timeoutMs: number;
  /** And after this many looks, when set. */
  maxLooks?: number;
  /** The pause before look n + 1 (n = 0 after the first look). */
  delay: (n: number) => number;
  /** The domain the progress events are about. */
  domain?: string;
  /** Report each wait as a progress event (default true). */
  report?: boolean;
  /** What to return, or throw, when time is up: given the time spent and what the last look saw. */
  onTimeout: (elapsedMs: number, last: L) => T;
  /**
   * Stops the wait when aborted (an apply being stopped): the pause ends at once, no further look is made, and
   * `onStopped` answers; without it the wait goes on regardless.
   */
  signal?: AbortSignal;
  /** What to return, or throw, when `signal` stopped the wait: given what was waited for and what was last seen. */
  onStopped?: (waiting: string, last: L) => T;
}

/** `rt.sleep(ms)`, cut short when `signal` aborts. */
function pause(rt: Pick<Runtime, 'sleep'>, ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return rt.sleep(ms);
  if (signal.aborted) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const done = () => {
      signal.removeEventListener('abort', done);
      resolve();
    };
    signal.addEventListener('abort', done, { once: true });
    void rt.sleep(ms).then(done);
  });
}

/**
 * Looks until `look` says done, pausing `delay(n)` between looks and reporting each pause as a `wait` event; when the
 * time bound (or `maxLooks`) is reached, returns `onTimeout`'s answer, and when `signal` aborts, `onStopped`'s. An
 * error thrown by `look` ends the wait at once.
 */
export async function pollUntil<T, L>(
  rt: Pick<Runtime, 'clock' | 'sleep' | 'progress'>,
  opts: PollOptions<T, L>,
  look: (elapsedMs: number) => Promise<Look<T, L>>,
): Promise<T> {
  const start = rt.clock.now();
  for (let n = 0; ; n++) {
    const r = await look(rt.clock.now() - start);
    if (r.done) return r.value;
    const elapsed = rt.clock.now() - start;
    if (elapsed >= opts.timeoutMs || (opts.maxLooks !== undefined && n + 1 >= opts.maxLooks))
      return opts.onTimeout(elapsed, r.last);
    const stopped = () => opts.signal?.aborted === true && opts.onStopped !== undefined;
    if (stopped()) return opts.onStopped!(r.waiting, r.last);
    if (opts.report !== false)
      rt.progress({ kind: 'wait', domain: opts.domain, message: `${r.waiting} (${seconds(elapsed)} elapsed)` });
    await pause(rt, opts.delay(n), opts.onStopped ? opts.signal : undefined);
    if (stopped()) return opts.onStopped!(r.waiting, r.last);
  }
}
