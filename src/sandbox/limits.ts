/**
 * Per-API rate limits (`--qps`): each limited operation admits at most N calls in any sliding second (and, where set,
 * any sliding hour), counted on the sandbox clock. A call beyond the limit is refused without running, and a refused
 * call does not count, so a client that waits as told always gets through.
 *
 * The limits are `'documented'` (the account limits in operations.ts), a JSON file, or an object, mapping an
 * operation (`AddDomainRecord`) or a whole service (`oss:*`) to calls per second, or to `{ perSecond, perHour }`.
 */
import { readFileSync } from 'node:fs';
import { type Limit, OPERATIONS, SERVICE_LIMITS } from './operations.js';

export type QpsLimits = Record<string, number | Limit>;
/** `'documented'`, a JSON file's path, or the limits themselves. */
export type QpsInput = 'documented' | string | QpsLimits;

const SECOND = 1_000;
const HOUR = 3_600_000;

/** A limits file or object that cannot be used; the message says what is wrong and where. */
export class QpsError extends Error {}

/** The documented limits: every operation of operations.ts that has one, and the service totals. */
export function documentedLimits(): QpsLimits {
  const out: QpsLimits = { ...SERVICE_LIMITS };
  for (const [name, op] of Object.entries(OPERATIONS)) if (op.limit) out[name] = { ...op.limit };
  return out;
}

/** Reads `input` into checked limits; throws `QpsError` naming the file and the entry at fault. */
export function loadQps(input: QpsInput): Map<string, Limit> {
  if (input === 'documented') return checkLimits(documentedLimits(), 'the documented limits');
  if (typeof input !== 'string') return checkLimits(input, 'the qps option');
  let text: string;
  try {
    text = readFileSync(input, 'utf8');
  } catch (e) {
    throw new QpsError(`${input}: cannot read the limits file (${(e as Error).message})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new QpsError(`${input}: not JSON (${(e as Error).message}); write {"AddDomainRecord": 60, …}`);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new QpsError(`${input}: write a JSON object of operation → calls per second, e.g. {"AddDomainRecord": 60}`);
  }
  return checkLimits(parsed as QpsLimits, input);
}

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v > 0;

function checkLimits(raw: QpsLimits, where: string): Map<string, Limit> {
  const out = new Map<string, Limit>();
  for (const [name, value] of Object.entries(raw)) {
    const known = OPERATIONS[name] !== undefined || /^(oss|alidns|cdn):\*$/.test(name);
    if (!known) {
      const close = Object.keys(OPERATIONS).find((k) => k.toLowerCase() === name.toLowerCase());
      throw new QpsError(
        `${where}: "${name}" is not an operation the sandbox answers` +
          (close
            ? ` (did you mean "${close}"?)`
            : '; use an API name such as AddDomainRecord, or oss:*, alidns:*, cdn:*'),
      );
    }
    const limit: Limit | undefined = positive(value)
      ? { perSecond: value }
      : value && typeof value === 'object' && Object.keys(value).every((k) => k === 'perSecond' || k === 'perHour')
        ? (value as Limit)
        : undefined;
    const ok =
      limit !== undefined &&
      (limit.perSecond !== undefined || limit.perHour !== undefined) &&
      (limit.perSecond === undefined || positive(limit.perSecond)) &&
      (limit.perHour === undefined || positive(limit.perHour));
    if (!ok) {
      throw new QpsError(
        `${where}: "${name}" must be a whole number of calls per second, or {"perSecond": N, "perHour": M}`,
      );
    }
    out.set(name, limit);
  }
  return out;
}

/** The sliding windows of one limited key: the times of the calls admitted within the last hour at most. */
class Window {
  private times: number[] = [];

  /** Ms until a call may be admitted under `limit` at `now` (0 = now). */
  wait(limit: Limit, now: number): number {
    const keep = limit.perHour !== undefined ? HOUR : SECOND;
    while (this.times.length > 0 && this.times[0]! <= now - keep) this.times.shift();
    let wait = 0;
    const check = (n: number | undefined, span: number) => {
      if (n === undefined) return;
      const inWindow = this.times.filter((t) => t > now - span);
      if (inWindow.length >= n) wait = Math.max(wait, inWindow[inWindow.length - n]! + span - now);
    };
    check(limit.perSecond, SECOND);
    check(limit.perHour, HOUR);
    return wait;
  }

  add(now: number): void {
    this.times.push(now);
  }
}

/** What the limiter decided for one call. */
export type Admission = { ok: true } | { ok: false; retryAfterMs: number; key: string };

export class RateLimiter {
  private windows = new Map<string, Window>();

  constructor(private readonly limits: Map<string, Limit>) {}

  /** Admits (and counts) a call of `action` of `service` at `now`, or says how long to wait. */
  admit(service: string, action: string, now: number): Admission {
    const keys = [action, `${service}:*`].filter((k) => this.limits.has(k));
    let refused: { key: string; wait: number } | undefined;
    for (const key of keys) {
      const wait = this.window(key).wait(this.limits.get(key)!, now);
      if (wait > 0 && (!refused || wait > refused.wait)) refused = { key, wait };
    }
    if (refused) return { ok: false, retryAfterMs: refused.wait, key: refused.key };
    for (const key of keys) this.window(key).add(now);
    return { ok: true };
  }

  /** Forgets every call counted so far (the limits stay). */
  clear(): void {
    this.windows.clear();
  }

  private window(key: string): Window {
    const w = this.windows.get(key) ?? new Window();
    this.windows.set(key, w);
    return w;
  }
}
