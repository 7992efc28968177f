/**
 * A small bounded retry for GitHub API calls. GitHub answers transient trouble with 5xx, 429, or 403 with a
 * rate-limit header; anything else (401, 404, 422, ...) is a real answer and is returned at once.
 */

export interface RetryOptions {
  /** Attempts in total, including the first. */
  attempts: number;
  /** First delay; doubles after each failure, capped by the server's `retry-after` when it sends one. */
  baseMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Called before each new attempt, for the log. */
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

interface HttpishError {
  status?: number;
  response?: { headers?: Record<string, string | number | undefined> };
}

/** The delay the server asked for (`retry-after` seconds, or the rate-limit reset time), when it asked. */
function serverDelayMs(e: HttpishError, now: number): number | undefined {
  const headers = e.response?.headers ?? {};
  const after = Number(headers['retry-after']);
  if (Number.isFinite(after) && after >= 0) return after * 1000;
  if (String(headers['x-ratelimit-remaining']) === '0') {
    const reset = Number(headers['x-ratelimit-reset']);
    if (Number.isFinite(reset)) return Math.max(0, reset * 1000 - now);
  }
  return undefined;
}

/** Worth another attempt: network failures (no status), 5xx, 429, and 403 caused by rate limiting. */
function isRetryable(e: unknown): boolean {
  const err = e as HttpishError;
  const status = err?.status;
  if (typeof status !== 'number' || status === 0) return true;
  if (status >= 500 || status === 429) return true;
  return status === 403 && serverDelayMs(err, Date.now()) !== undefined;
}

/**
 * Runs `fn` up to `attempts` times. A server-requested wait longer than a minute is not worth blocking a job for:
 * the error is thrown instead, so the step fails with GitHub's own message.
 */
export async function withRetry<T>(fn: () => Promise<T>, opts: RetryOptions): Promise<T> {
  let delay = opts.baseMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= opts.attempts || !isRetryable(e)) throw e;
      const wait = serverDelayMs(e as HttpishError, Date.now()) ?? delay;
      if (wait > 60_000) throw e;
      opts.onRetry?.(attempt, wait, e);
      await opts.sleep(wait);
      delay *= 2;
    }
  }
}
