/**
 * The rate governor: every API call of a runtime goes through `run`, which
 *
 * - waits for the operation's pace (calls/pacer.ts), and for the service's total where one is set, starting from the
 *   account's limits (limits.ts, with `OSS_DOMAINS_QPS` over them);
 * - bounds the calls in flight per service (`tuning.concurrency`), without holding a slot while it waits for its pace;
 * - retries: a throttled answer lowers the operation's pace and the call waits its turn again, for as long as calls of
 *   that operation keep succeeding (`tuning.throttleStallMs` without one ends it); a 5xx or network error is retried
 *   after a jittered exponential backoff, honouring `x-acs-retry-after`, up to `tuning.maxAttempts` attempts; any
 *   other error (a 4xx that is not throttling) is thrown at once.
 *
 * One governor serves the three services of a runtime, as one account's limits apply to all of its callers.
 */

import { Semaphore } from '../engine/limit.js';
import { CloudError, explain } from '../errors.js';
import type { Limit } from '../limits.js';
import type { ActionStats, CallSpec, Clock, Governor, ProgressEvent, Tuning } from '../ports.js';
import { Pacer } from './pacer.js';
import { backoffDelay, seconds } from './retry.js';

export interface GovernorOptions {
  clock: Clock;
  sleep(ms: number): Promise<void>;
  progress(event: ProgressEvent): void;
  tuning: Pick<Tuning, 'concurrency' | 'baseDelayMs' | 'maxDelayMs' | 'maxAttempts' | 'throttleStallMs'>;
  /** Limits by operation or `<service>:*` (calls/limits.ts `accountLimits()`); an operation absent here is not paced. */
  limits: ReadonlyMap<string, Limit>;
  /** The random source of the backoff's jitter (tests fix it). */
  random?: () => number;
}

const fmtRate = (r: number) => (r >= 10 ? String(Math.round(r)) : r.toFixed(2).replace(/\.?0+$/, ''));

export class RateGovernor implements Governor {
  private readonly pacers = new Map<string, Pacer | null>();
  private readonly slots = new Map<string, Semaphore>();
  private readonly counts = new Map<string, ActionStats>();
  /** Last success per operation: a throttled operation is making progress while this moves. */
  private readonly lastOk = new Map<string, number>();
  private readonly random: () => number;

  constructor(private readonly opts: GovernorOptions) {
    this.random = opts.random ?? Math.random;
  }

  async run<T>(call: CallSpec, fn: () => Promise<T>): Promise<T> {
    const { clock, tuning } = this.opts;
    const started = clock.now();
    const pacers = [this.pacer(call.action), this.pacer(`${call.service}:*`)].filter((p): p is Pacer => !!p);
    const count = this.count(call.action);
    for (let failures = 0; ; ) {
      for (const p of pacers) await p.acquire();
      let sentAt = 0;
      try {
        const result = await this.slot(call.service).run(() => {
          sentAt = clock.now();
          count.sent++;
          return fn();
        });
        count.ok++;
        this.lastOk.set(call.action, clock.now());
        return result;
      } catch (e) {
        if (!(e instanceof CloudError) || !e.retryable) {
          count.failed++;
          throw e;
        }
        if (e.throttled) {
          count.throttled++;
          await this.throttled(call, e, pacers[0], sentAt, started);
          continue;
        }
        failures++;
        count.retried++;
        if (failures >= tuning.maxAttempts) {
          count.failed++;
          throw e;
        }
        const delay = backoffDelay(failures, tuning, this.random, e.retryAfterMs);
        this.opts.progress({
          kind: 'retry',
          domain: e.resource ?? call.resource,
          message: `${call.service} ${call.action}: ${e.code}${e.status > 0 ? ` (HTTP ${e.status})` : ''}; retry ${failures}/${tuning.maxAttempts - 1} in ${(delay / 1000).toFixed(1)} s`,
        });
        await this.opts.sleep(delay);
      }
    }
  }

  /**
   * After a throttled answer: lower the pace (saying so once per decrease), and give up when the operation has made no
   * progress for `throttleStallMs` — or would not before the server's retry-after. Without a pace to lower (an
   * operation not in the limits), wait a backoff instead.
   */
  private async throttled(call: CallSpec, e: CloudError, pacer: Pacer | undefined, sentAt: number, started: number) {
    const { clock, tuning } = this.opts;
    const now = clock.now();
    const stalled = now - Math.max(started, this.lastOk.get(call.action) ?? started);
    const wait = pacer ? (e.retryAfterMs ?? 0) : backoffDelay(1, tuning, this.random, e.retryAfterMs);
    if (stalled + wait >= tuning.throttleStallMs) {
      this.count(call.action).failed++;
      throw explain(
        e,
        `${call.service} ${call.action} is still throttled after ${seconds(stalled)} without one call getting through${e.retryAfterMs && stalled < tuning.throttleStallMs ? ` (the server asks to wait ${seconds(e.retryAfterMs)})` : ''}`,
        `the account's ${call.action} quota is used up, perhaps by another tool: run again later, or set OSS_DOMAINS_QPS=${call.action}=N to share it`,
      );
    }
    if (!pacer) {
      this.opts.progress({
        kind: 'retry',
        domain: e.resource ?? call.resource,
        message: `${call.service} ${call.action}: ${e.code}${e.status > 0 ? ` (HTTP ${e.status})` : ''}; retry in ${(wait / 1000).toFixed(1)} s`,
      });
      await this.opts.sleep(wait);
      return;
    }
    const lowered = pacer.throttled(sentAt, e.retryAfterMs);
    if (lowered !== undefined)
      this.opts.progress({
        kind: 'retry',
        message: `${call.service} ${call.action} is throttled (${e.code}): slowing to ${fmtRate(lowered)} calls/s`,
      });
  }

  stats(): Record<string, ActionStats> {
    const out: Record<string, ActionStats> = {};
    for (const [action, c] of this.counts) {
      const rate = this.pacers.get(action)?.rate();
      out[action] = rate === undefined ? { ...c } : { ...c, rate };
    }
    return out;
  }

  /** The current pace of an operation in calls per second (undefined: not paced). */
  rate(action: string): number | undefined {
    return this.pacer(action)?.rate();
  }

  private pacer(key: string): Pacer | undefined {
    let p = this.pacers.get(key);
    if (p === undefined) {
      const limit = this.opts.limits.get(key);
      p = limit ? new Pacer(limit, this.opts.clock, this.opts.sleep) : null;
      this.pacers.set(key, p);
    }
    return p ?? undefined;
  }

  private slot(service: string): Semaphore {
    let s = this.slots.get(service);
    if (!s) {
      s = new Semaphore(Math.max(1, this.opts.tuning.concurrency));
      this.slots.set(service, s);
    }
    return s;
  }

  private count(action: string): ActionStats {
    let c = this.counts.get(action);
    if (!c) {
      c = { sent: 0, ok: 0, throttled: 0, retried: 0, failed: 0 };
      this.counts.set(action, c);
    }
    return c;
  }
}
