/**
 * The sandbox's control surface: the call log, fault injection and world resets that tests (and the
 * `/__sandbox/` HTTP routes) use to observe and steer the fake cloud. Nothing here knows a wire format; the HTTP
 * front asks `decide()` before it runs a handler and reports every finished call to `record()`.
 */

import { type Admission, loadQps, type QpsInput, RateLimiter } from './limits.js';
import type { CallService } from './operations.js';
import { type AuthorizeInput, authorize, type Denial, loadPolicy, type Policy } from './ram/index.js';
import { loadSeed, type SeedInput } from './seed.js';
import { applySeed } from './seed-apply.js';
import { createWorld, type SandboxTiming, type World } from './state.js';
import { seededRandom } from './util.js';

export type { CallService } from './operations.js';

/** One API call as the sandbox saw it. */
export interface CallRecord {
  /** 1, 2, 3… in arrival order (reset by `clearCalls`). */
  seq: number;
  /** Sandbox clock, ms since the epoch. */
  time: number;
  service: CallService;
  /** API name: `PutCname`, `GetObject`, `AddDomainRecord`, … (`Unknown` when the request matched no API). */
  action: string;
  /** True for calls that change state (whether or not they succeeded). */
  write: boolean;
  /** HTTP status sent; 0 when the connection was reset. */
  status: number;
  /** The error code, for failed calls. */
  code?: string;
  /** True when the failure was injected (`setFaults`, `failNext`), not the API's own answer. */
  injected: boolean;
  requestId: string;
  /** OSS: the bucket addressed. */
  bucket?: string;
  /** OSS objects served to a browser through a bound custom domain (`domain`) or a CDN edge (`cdn`). */
  via?: 'domain' | 'cdn';
  /** Under a policy: the Allow statements (indices) that admitted the call. */
  allowedBy?: number[];
}

export interface CallFilter {
  service?: CallService;
  action?: string | string[];
  write?: boolean;
  injected?: boolean;
  /** Only failed calls (status ≥ 400 or reset). */
  failed?: boolean;
}

/**
 * Random faults. Each rate is a probability in [0, 1] applied per matching call, drawn from a PRNG seeded with
 * `seed` (default: the sandbox's `faultSeed`), so the same seed and the same call sequence give the same faults.
 */
export interface FaultSpec {
  /** The service's throttling error (OSS 503 `TotalQpsLimitExceeded`; RPC 400 `Throttling.User`). */
  throttleRate?: number;
  /** A 5xx: 503 `ServiceUnavailable` or 500 `InternalError`. */
  errorRate?: number;
  /** Destroy the socket without answering. */
  resetRate?: number;
  /** Added before every matching call is handled. */
  latencyMs?: number;
  /** Probability of an extra `slowMs` delay. */
  slowRate?: number;
  slowMs?: number;
  /** Only these API names (default: all). */
  actions?: string[];
  /** Only these services (default: all). */
  services?: CallService[];
  /** `x-acs-retry-after` (ms) sent with RPC throttling errors; default 100. */
  retryAfterMs?: number;
  seed?: number;
}

/**
 * What the front must do instead of (or before) running the handler. `lost-reply` runs the handler (the world
 * changes) and then resets the connection: the client cannot tell whether its call happened.
 */
export type Fault =
  | { kind: 'reset' }
  | { kind: 'lost-reply' }
  | { kind: 'error'; status: number; code: string; retryAfterMs?: number; throttle: boolean };

export interface Decision {
  delayMs: number;
  fault?: Fault;
}

interface FailNext {
  action: string;
  remaining: number;
  code: string;
  status?: number;
}

const THROTTLE = /throttl|QpsLimit/i;

/** Default HTTP status for an error code injected with `failNext` without one. */
function defaultStatus(service: CallService, code: string): number {
  if (THROTTLE.test(code)) return service === 'oss' ? 503 : 400;
  const known: Record<string, number> = {
    ServiceUnavailable: 503,
    InternalError: 500,
    AccessDenied: 403,
    InvalidAccessKeyId: 403,
    'InvalidAccessKeyId.NotFound': 404,
    RequestTimeTooSkewed: 403,
    NeedVerifyDomainOwnership: 403,
    NoSuchBucket: 404,
    NoSuchKey: 404,
    NoSuchCnameInRecord: 404,
    CnameTokenNotFound: 404,
    'InvalidDomain.NotFound': 404,
    CnameAlreadyExists: 409,
    FileAlreadyExists: 409,
    Forbidden: 403,
    'Forbidden.RAM': 403,
  };
  if (code === 'SignatureDoesNotMatch') return service === 'oss' ? 403 : 400;
  return known[code] ?? 400;
}

export interface ControlOptions {
  world: World;
  now: () => number;
  /** The seed `reset()` returns to when called without one. */
  seed?: SeedInput;
  timing?: Partial<SandboxTiming>;
  faultSeed?: number;
  /** Per-API rate limits (see limits.ts); none when absent. */
  qps?: QpsInput;
  /** A RAM policy every signed call must satisfy (a JSON file's path, or the document); none when absent. */
  policy?: string | object;
}

export class SandboxControl {
  /** The live world. Its identity never changes (`reset` empties it in place), so references stay valid. */
  readonly world: World;
  private readonly now: () => number;
  private readonly initialSeed: SeedInput | undefined;
  private readonly timing: Partial<SandboxTiming>;
  private readonly faultSeed: number;
  private log: CallRecord[] = [];
  private seq = 0;
  private faults: FaultSpec | undefined;
  private random: () => number;
  private pending: FailNext[] = [];
  private listeners = new Set<(call: CallRecord) => void>();
  private limiter: RateLimiter | undefined;
  private policy: Policy | undefined;

  constructor(opts: ControlOptions) {
    this.world = opts.world;
    this.now = opts.now;
    this.initialSeed = opts.seed;
    this.timing = opts.timing ?? {};
    this.faultSeed = opts.faultSeed ?? 1;
    this.random = seededRandom(this.faultSeed);
    if (opts.qps !== undefined) this.setQps(opts.qps);
    if (opts.policy !== undefined) this.setPolicy(opts.policy);
  }

  /**
   * Enforces a RAM policy on every signed call from now on (`undefined`: every call is allowed, as for the account
   * itself). A path is read as a JSON file; throws `PolicyError` naming file, line and column of each problem.
   */
  setPolicy(input: string | object | undefined): void {
    this.usePolicy(input === undefined ? undefined : loadPolicy(input));
  }

  /** `setPolicy` for a policy already read (`parsePolicyText`). */
  usePolicy(policy: Policy | undefined): void {
    this.policy = policy;
  }

  /**
   * Called by the front for a signed call about to run: RAM's decision under the policy, with the Allow statements
   * that admitted it (for the call log), or the refusal.
   */
  authorize(input: Omit<AuthorizeInput, 'now'>): { allowed: true; by?: number[] } | Denial {
    return this.policy ? authorize(this.policy, { ...input, now: this.now() }) : { allowed: true };
  }

  /** Enforces per-API rate limits from now on (`undefined` lifts them); throws `QpsError` for bad limits. */
  setQps(input: QpsInput | undefined): void {
    this.limiter = input === undefined ? undefined : new RateLimiter(loadQps(input));
  }

  /**
   * Called by the front for an authenticated call about to run: admits and counts it, or says how long the caller
   * must wait because the operation (or its service) is at its limit.
   */
  admit(service: CallService, action: string): Admission {
    return this.limiter ? this.limiter.admit(service, action, this.now()) : { ok: true };
  }

  /** Every call so far (optionally filtered), oldest first. */
  calls(filter: CallFilter = {}): CallRecord[] {
    const actions = filter.action === undefined ? undefined : [filter.action].flat();
    return this.log.filter(
      (c) =>
        (filter.service === undefined || c.service === filter.service) &&
        (actions === undefined || actions.includes(c.action)) &&
        (filter.write === undefined || c.write === filter.write) &&
        (filter.injected === undefined || c.injected === filter.injected) &&
        (filter.failed === undefined || (c.status === 0 || c.status >= 400) === filter.failed),
    );
  }

  /** The calls that change state (PutCname, AddDomainRecord, PutObject, …). */
  writeCalls(): CallRecord[] {
    return this.calls({ write: true });
  }

  clearCalls(): void {
    this.log = [];
    this.seq = 0;
  }

  /** Replaces the random faults (and restarts their PRNG, so a test's fault sequence starts from its seed). */
  setFaults(spec: FaultSpec): void {
    this.faults = { ...spec };
    this.random = seededRandom(spec.seed ?? this.faultSeed);
  }

  /**
   * The next `count` calls of `action` (`*` = any) fail with `code`; `ECONNRESET` resets the connection instead, and
   * `LOST_REPLY` lets the call happen, then resets the connection before the reply.
   */
  failNext(action: string, count: number, code: string, status?: number): void {
    this.pending.push({ action, remaining: count, code, status });
  }

  clearFaults(): void {
    this.faults = undefined;
    this.pending = [];
    this.random = seededRandom(this.faultSeed);
  }

  /**
   * Back to a fresh world with `seed` (default: the seed the sandbox started with); clears the log and faults. The
   * seed's timing wins over the defaults, and the sandbox's `timing` option over the seed's.
   */
  reset(seed?: SeedInput): void {
    const spec = loadSeed(seed ?? this.initialSeed);
    const fresh = createWorld();
    // Keep the world object: the DNS server and tests hold references to it.
    for (const key of Object.keys(fresh) as (keyof World)[]) (this.world as any)[key] = fresh[key];
    // The timing is settled before anything is seeded: a CDN domain the seed declares configuring waits for it too.
    applySeed(this.world, { ...spec, timing: { ...spec.timing, ...this.timing } }, this.now());
    this.clearCalls();
    this.clearFaults();
    this.limiter?.clear();
  }

  /** Adds a seed's buckets, zones, CDN domains, certificates… on top of the current world. */
  seed(spec: SeedInput): void {
    applySeed(this.world, loadSeed(spec), this.now());
  }

  /**
   * Called by the front for every API call before its handler runs. A fault decided here replaces the handler, so
   * an injected failure never changes the world.
   */
  decide(service: CallService, action: string): Decision {
    const idx = this.pending.findIndex((p) => p.remaining > 0 && (p.action === '*' || p.action === action));
    if (idx >= 0) {
      const p = this.pending[idx]!;
      p.remaining--;
      if (p.remaining === 0) this.pending.splice(idx, 1);
      if (p.code === 'ECONNRESET') return { delayMs: 0, fault: { kind: 'reset' } };
      if (p.code === 'LOST_REPLY') return { delayMs: 0, fault: { kind: 'lost-reply' } };
      const throttle = THROTTLE.test(p.code);
      return {
        delayMs: 0,
        fault: {
          kind: 'error',
          code: p.code,
          status: p.status ?? defaultStatus(service, p.code),
          throttle,
          retryAfterMs: throttle ? (this.faults?.retryAfterMs ?? 100) : undefined,
        },
      };
    }
    const f = this.faults;
    if (!f) return { delayMs: 0 };
    if (f.services && !f.services.includes(service)) return { delayMs: 0 };
    if (f.actions && !f.actions.includes(action)) return { delayMs: 0 };
    // Always draw the same number of values per call, so one rate's value never shifts another's sequence.
    const [rThrottle, rError, rReset, rSlow, rWhich] = [1, 2, 3, 4, 5].map(() => this.random()) as number[];
    const delayMs = (f.latencyMs ?? 0) + (rSlow! < (f.slowRate ?? 0) ? (f.slowMs ?? 0) : 0);
    if (rReset! < (f.resetRate ?? 0)) return { delayMs, fault: { kind: 'reset' } };
    if (rThrottle! < (f.throttleRate ?? 0)) {
      const code = service === 'oss' ? 'TotalQpsLimitExceeded' : 'Throttling.User';
      return {
        delayMs,
        fault: {
          kind: 'error',
          code,
          status: defaultStatus(service, code),
          throttle: true,
          retryAfterMs: f.retryAfterMs ?? 100,
        },
      };
    }
    if (rError! < (f.errorRate ?? 0)) {
      const [status, code] = rWhich! < 0.5 ? [503, 'ServiceUnavailable'] : [500, 'InternalError'];
      return { delayMs, fault: { kind: 'error', code, status, throttle: false } };
    }
    return { delayMs };
  }

  /** Appends a finished call to the log (the front fills everything but `seq`). */
  record(call: Omit<CallRecord, 'seq'>): CallRecord {
    const rec: CallRecord = { seq: ++this.seq, ...call };
    if (rec.via === undefined) delete rec.via;
    if (rec.code === undefined) delete rec.code;
    if (rec.bucket === undefined) delete rec.bucket;
    if (rec.allowedBy === undefined) delete rec.allowedBy;
    this.log.push(rec);
    for (const fn of this.listeners) fn(rec);
    return rec;
  }

  /** Calls `fn` for every call as it is logged (the CLI's access log); returns the unsubscribe function. */
  onCall(fn: (call: CallRecord) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /**
   * The world as JSON for `GET /__sandbox/state`: maps become objects, object bodies become sizes, and account
   * secrets are left out (a fake key is still a key; nothing prints secrets).
   */
  snapshot(): Record<string, unknown> {
    const json = toJson(this.world) as Record<string, unknown>;
    json.accounts = this.world.accounts.map(({ uid, accessKeyId }) => ({ uid, accessKeyId }));
    return json;
  }
}

function toJson(v: unknown): unknown {
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, toJson(x)]));
  if (v instanceof Set) return [...v];
  if (Buffer.isBuffer(v)) return { size: v.length };
  if (Array.isArray(v)) return v.map(toJson);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
}
