/**
 * One error type for everything a cloud call can do wrong. It carries what a user (or a retry loop) needs — the
 * service, the API's error code, the HTTP status, the request id — and a hint that says what to do next.
 * Credentials are redacted from every string before the error is built, and the SDK's own error is never kept as the
 * cause (it may hold the request, with its signature and token): the error is safe to print, however it is printed.
 */
import { redact } from './secrets.js';

export { onSecret, redact, registerSecret } from './secrets.js';

export type Service = 'oss' | 'alidns' | 'cdn' | 'sts' | 'dns' | 'config' | 'lock' | 'local';

export interface CloudErrorFields {
  service: Service;
  /** The API's error code (`CnameAlreadyExists`, `Throttling.User`, ...) or a network code (`ECONNRESET`). */
  code: string;
  /** HTTP status; -1 for network errors, -2 for timeouts, 0 when not applicable. */
  status: number;
  /** The API action (`PutCname`, `AddDomainRecord`, ...). */
  action?: string;
  requestId?: string;
  /** Seconds the server asked us to wait (x-acs-retry-after), when it did. */
  retryAfterMs?: number;
  /** What to do about it, in one sentence. */
  hint?: string;
  /** The domain or resource concerned, for messages. */
  resource?: string;
  cause?: unknown;
}

const THROTTLING = /throttl|flow control|QpsLimit|TooManyRequests/i;

/** True for the codes the APIs use when they throttle (`Throttling.User`, `TotalQpsLimitExceeded`, ...). */
export const isThrottlingCode = (code: string): boolean => THROTTLING.test(code);
const RETRYABLE_NETWORK = new Set([
  'ECONNRESET',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EPIPE',
  'EAI_AGAIN',
  'ENOTFOUND_TEMP',
  'ResponseTimeoutError',
  'ConnectionTimeoutError',
  'RequestTimeoutError',
  'SocketHangUp',
  'UND_ERR_SOCKET',
]);

export class CloudError extends Error {
  override name = 'CloudError';
  readonly service: Service;
  readonly code: string;
  readonly status: number;
  readonly action?: string;
  readonly requestId?: string;
  readonly retryAfterMs?: number;
  readonly hint?: string;
  readonly resource?: string;

  constructor(message: string, fields: CloudErrorFields) {
    super(redact(message), fields.cause === undefined ? undefined : { cause: safeCause(fields.cause) });
    this.service = fields.service;
    this.code = fields.code;
    this.status = fields.status;
    this.action = fields.action;
    this.requestId = fields.requestId;
    this.retryAfterMs = fields.retryAfterMs;
    this.hint = fields.hint === undefined ? undefined : redact(fields.hint);
    this.resource = fields.resource;
  }

  /** Throttling, 5xx and network errors are worth retrying; any other 4xx is not. */
  get retryable(): boolean {
    if (isThrottlingCode(this.code)) return true;
    if (this.status >= 500) return true;
    if (this.status === -1 || this.status === -2) return true;
    return RETRYABLE_NETWORK.has(this.code);
  }

  get throttled(): boolean {
    return isThrottlingCode(this.code);
  }

  /** One line for humans: what, where, the next step, and the ids support will ask for. */
  describe(): string {
    const where = [this.service, this.action].filter(Boolean).join(' ');
    const ids = [this.status > 0 ? `HTTP ${this.status}` : '', this.requestId ? `request id ${this.requestId}` : '']
      .filter(Boolean)
      .join(', ');
    // Redacted again: a secret registered after this error was built (a refreshed STS session) is removed too.
    let s = `${where}: ${this.code}: ${redact(this.message)}`;
    if (ids) s += ` (${ids})`;
    if (this.hint) s += `\n  → ${redact(this.hint)}`;
    return s;
  }

  toJSON(): Record<string, unknown> {
    return {
      service: this.service,
      action: this.action,
      code: this.code,
      status: this.status,
      requestId: this.requestId,
      message: redact(this.message),
      hint: this.hint,
      resource: this.resource,
    };
  }
}

/**
 * What an error keeps of its cause: a CloudError as it is (already safe), anything else as a plain Error with the
 * original's name, code and redacted message and stack, and nothing else. SDK errors carry their request options,
 * response data and sockets; `util.inspect` and `console.error` would print all of it.
 */
function safeCause(cause: unknown, depth = 0): unknown {
  if (cause instanceof CloudError) return cause;
  const e = (cause ?? {}) as { name?: unknown; message?: unknown; code?: unknown; stack?: unknown; cause?: unknown };
  const text = (v: unknown): string | undefined => (typeof v === 'string' ? redact(v) : undefined);
  const message = text(e.message) ?? redact(String(cause));
  const inner = e.cause !== undefined && depth < 3 ? { cause: safeCause(e.cause, depth + 1) } : undefined;
  const safe = new Error(message, inner) as Error & { code?: string };
  if (typeof e.name === 'string') safe.name = e.name;
  if (typeof e.code === 'string' || typeof e.code === 'number') safe.code = String(e.code);
  const stack = text(e.stack);
  if (stack) safe.stack = stack;
  return safe;
}

export const isCloudError = (e: unknown): e is CloudError => e instanceof CloudError;

/** True when `e` is a CloudError with one of `codes`. */
export const hasCode = (e: unknown, ...codes: string[]): e is CloudError =>
  e instanceof CloudError && codes.includes(e.code);

/**
 * A copy of `e` whose message and hint explain it in this tool's terms (which domain, which bucket, what to do),
 * keeping the service, code, status, action and request id a user or support needs; `e` becomes the cause.
 */
export function explain(
  e: CloudError,
  message: string,
  hint: string,
  extra: Partial<CloudErrorFields> = {},
): CloudError {
  return new CloudError(message, {
    service: e.service,
    code: e.code,
    status: e.status,
    action: e.action,
    requestId: e.requestId,
    retryAfterMs: e.retryAfterMs,
    resource: e.resource,
    hint,
    cause: e,
    ...extra,
  });
}

/**
 * The error for input refused before any call is made (a domain or bucket name that cannot be right): service
 * `config`, no HTTP status, the problem's message and its fix as the hint.
 */
export function inputError(problem: { message: string; hint: string }, code = 'InvalidArgument'): CloudError {
  return new CloudError(problem.message, { service: 'config', code, status: 0, hint: problem.hint });
}

/** Turns anything thrown into a short, safe, one-line message (never a stack trace). */
export function errorMessage(e: unknown): string {
  if (e instanceof CloudError) return e.describe();
  if (e instanceof Error) return redact(e.message);
  return redact(String(e));
}
