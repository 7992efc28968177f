/**
 * Retries for every cloud call, as a decorator over the Runtime: the engine calls ports as if they never failed
 * transiently, and this layer absorbs throttling, 5xx and network errors (`CloudError.retryable`).
 *
 * Policy: attempt n (1-based) that fails retryably waits `min(maxDelayMs, baseDelayMs · 2^(n-1))` with "equal
 * jitter" (half fixed, half random, so concurrent callers spread out but never retry immediately), or the server's
 * `x-acs-retry-after` when that is longer. After `maxAttempts` attempts, or on any error that is not retryable (a 4xx
 * that is not throttling), the error propagates unchanged. `sleep` and the random source are injected.
 */
import { CloudError } from '../errors.js';
import type { Runtime } from '../ports.js';
import { limitPort, Semaphore } from './limit.js';

const WRAPPED = Symbol.for('oss-domains.retry');

export interface RetryOptions {
  /** Uniform random number in [0, 1); injected so tests are deterministic. */
  random?: () => number;
}

/** The delay before retry number `attempt` (1 = the first retry). */
export function backoffDelay(
  attempt: number,
  tuning: { baseDelayMs: number; maxDelayMs: number },
  random: () => number,
  retryAfterMs?: number,
): number {
  const exp = Math.min(tuning.maxDelayMs, tuning.baseDelayMs * 2 ** (attempt - 1));
  const jittered = exp / 2 + (random() * exp) / 2;
  return Math.round(Math.max(jittered, retryAfterMs ?? 0));
}

/** Calls `fn`, retrying retryable `CloudError`s per the runtime's tuning. `label` names the call in progress events. */
export async function retrying<T>(
  rt: Pick<Runtime, 'sleep' | 'progress' | 'tuning'>,
  label: string,
  fn: () => Promise<T>,
  random: () => number = Math.random,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!(e instanceof CloudError) || !e.retryable || attempt >= rt.tuning.maxAttempts) throw e;
      const delay = backoffDelay(attempt, rt.tuning, random, e.retryAfterMs);
      rt.progress({
        kind: 'retry',
        domain: e.resource,
        message: `${label}: ${e.code}${e.status > 0 ? ` (HTTP ${e.status})` : ''}; retry ${attempt}/${rt.tuning.maxAttempts - 1} in ${(delay / 1000).toFixed(1)} s`,
      });
      await rt.sleep(delay);
    }
  }
}

function wrapPort<P extends object>(port: P, service: string, rt: Runtime, random: () => number): P {
  return new Proxy(port, {
    get(target, prop, receiver) {
      if (prop === WRAPPED) return true;
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        retrying(rt, `${service} ${String(prop)}`, () => value.apply(target, args) as Promise<unknown>, random);
    },
  });
}

/**
 * Returns a runtime whose OSS, Alidns and CDN ports retry transient failures and allow at most
 * `tuning.concurrency` calls in flight per service. The bound sits inside the retry, so a slot is held per attempt
 * and never across a backoff sleep. Idempotent: wrapping an already wrapped runtime returns it unchanged, so the
 * facade can call it defensively. The resolver is not wrapped (a DNS answer that is not there yet is not an error).
 */
export function withRetry(rt: Runtime, opts: RetryOptions = {}): Runtime {
  if ((rt.oss as unknown as Record<symbol, unknown>)[WRAPPED] === true) return rt;
  const random = opts.random ?? Math.random;
  const n = Math.max(1, rt.tuning.concurrency);
  return {
    ...rt,
    oss: wrapPort(limitPort(rt.oss, new Semaphore(n)), 'oss', rt, random),
    dns: wrapPort(limitPort(rt.dns, new Semaphore(n)), 'alidns', rt, random),
    cdn: wrapPort(limitPort(rt.cdn, new Semaphore(n)), 'cdn', rt, random),
  };
}
