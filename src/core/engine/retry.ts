/**
 * Retries for every cloud call, as a decorator over the Runtime: the engine calls ports as if they never failed
 * transiently, and this layer absorbs throttling, 5xx and network errors (`CloudError.retryable`).
 *
 * Policy: attempt n (1-based) that fails retryably waits `min(maxDelayMs, baseDelayMs · 2^(n-1))` with "equal
 * jitter" (half fixed, half random, so concurrent callers spread out but never retry immediately), or the server's
 * `x-acs-retry-after` when that is longer. After `maxAttempts` attempts, or on any error that is not retryable (a 4xx
 * that is not throttling), the error propagates unchanged. `sleep` comes from the runtime; `retrying` takes the
 * random source, so tests are deterministic.
 */
import { CloudError } from '../errors.js';
import type { Runtime } from '../ports.js';
import { limitPort, Semaphore } from './limit.js';

const WRAPPED = Symbol.for('oss-domains.retry');

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

/** What a wrapped port remembers: the port it wraps, its semaphore, and the runtime whose sleep/progress it uses. */
interface Wrapped {
  raw: object;
  sem: Semaphore;
  rt: Runtime;
}

function wrapPort<P extends object>(raw: P, sem: Semaphore, service: string, rt: Runtime): P {
  const limited = limitPort(raw, sem);
  const info: Wrapped = { raw, sem, rt };
  return new Proxy(limited, {
    get(target, prop, receiver) {
      if (prop === WRAPPED) return info;
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) =>
        retrying(rt, `${service} ${String(prop)}`, () => value.apply(target, args) as Promise<unknown>);
    },
  });
}

const wrappedInfo = (port: object): Wrapped | undefined =>
  (port as Record<symbol, Wrapped | undefined>)[WRAPPED] ?? undefined;

/**
 * Returns a runtime whose OSS, Alidns and CDN ports retry transient failures and allow at most
 * `tuning.concurrency` calls in flight per service. The bound sits inside the retry, so a slot is held per attempt
 * and never across a backoff sleep. Idempotent: a runtime that is already wrapped is returned unchanged, so the
 * facade can call it defensively; a copy of a wrapped runtime with another `progress`, `sleep` or `tuning`
 * (`{ ...rt, progress }`) is re-wrapped around the same ports and semaphores, so retries report to the new sink.
 * The resolver is not wrapped (a DNS answer that is not there yet is not an error).
 */
export function withRetry(rt: Runtime): Runtime {
  const info = wrappedInfo(rt.oss);
  if (info && info.rt.progress === rt.progress && info.rt.sleep === rt.sleep && info.rt.tuning === rt.tuning) return rt;
  const n = Math.max(1, rt.tuning.concurrency);
  const wrap = <P extends object>(port: P, service: string): P => {
    const w = wrappedInfo(port);
    return wrapPort((w?.raw as P | undefined) ?? port, w?.sem ?? new Semaphore(n), service, rt);
  };
  return { ...rt, oss: wrap(rt.oss, 'oss'), dns: wrap(rt.dns, 'alidns'), cdn: wrap(rt.cdn, 'cdn') };
}
