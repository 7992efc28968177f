/**
 * The apply lock, shared by every front-end through the state bucket: a lease on the object `locks/apply.json`.
 * OSS has no conditional overwrite of an object (PutObject takes no If-Match), only create-if-absent
 * (`x-oss-forbid-overwrite`), so the scheme never overwrites an object another run may own:
 *
 * - **Taking it**: create `locks/apply.json` = `{ holder, id, ttlMs }` with forbid-overwrite; exactly one creator
 *   wins. A create whose reply was lost and retried meets 409 — the head then carries our own random id, and we hold
 *   it (we never wait for ourselves).
 * - **Keeping it**: the holder writes `locks/apply.<id>.renewal` (a key only it writes) every ttl/3, then reads the
 *   head to check that it still names it (lease.ts). The head itself is never rewritten.
 * - **Expiry, by OSS's clock only**: a waiter reads the head, then the renewal object of the id it names; the lock is
 *   expired when the `Date` of OSS's answer is more than ttl + grace past the newest `Last-Modified` of the two. No
 *   caller's clock takes part, so runners whose clocks disagree by minutes still agree on who holds the lock.
 * - **Fenced takeover**: a waiter that finds it expired must first create `locks/takeover-<id>.json` with
 *   forbid-overwrite (one winner per dead lock), then read the head again and delete it only if it still names the
 *   dead id. A lock another run has just taken has another id, so it is never deleted; the winner then removes the
 *   marker (that id never comes back, so the marker has nothing left to guard).
 * - **Letting go**: the head is deleted only while the lease is provably still ours (lease.ts).
 */
import { createHash, randomBytes } from 'node:crypto';
import { CloudError } from '../errors.js';
import type { Runtime } from '../ports.js';
import { seconds } from './apply-context.js';
import { Lease, type LeaseHandle, parseHolder, stopReason } from './lease.js';

export interface LockOptions {
  /** Who holds it, for the message the other side sees (`github-actions run 123`, `slack U123`). */
  holder: string;
  /** How long a lock stays valid if its holder dies (default 3 minutes; a live holder renews it every ttl/3). */
  ttlMs?: number;
  /** How long to wait for a held lock before giving up with a message naming the holder (default `tuning.lockWaitMs`, 10 minutes). */
  waitMs?: number;
  /** Stops waiting for the lock when aborted. */
  signal?: AbortSignal;
}

export type { LeaseHandle } from './lease.js';

export const LOCK_KEY = 'locks/apply.json';
/** Short, because a live holder renews it every ttl/3: a crashed run blocks the next one for minutes, not the whole wait. */
export const DEFAULT_LOCK_TTL_MS = 3 * 60_000;
/**
 * Added to the ttl before a waiter calls a lock expired: OSS's `Date` and `Last-Modified` have whole seconds, and
 * the answer is dated a moment after the read. The holder's own deadline has no grace, so this is pure margin.
 */
export const TAKEOVER_GRACE_MS = 5_000;
/** A ttl read from a lock object is kept within these bounds, so a damaged object cannot block applies for days. */
const TTL_BOUNDS = [1_000, 60 * 60_000] as const;

export const renewalKey = (id: string) => `locks/apply.${id}.renewal`;
export const takeoverKey = (tag: string) => `locks/takeover-${tag}.json`;

type State = { bucket: string; region: string };

const exists = (e: unknown) => e instanceof CloudError && (e.code === 'FileAlreadyExists' || e.status === 409);
/** A failure after which the create may or may not have happened (no reply, or a 5xx): look before deciding. */
const unsure = (e: unknown) => e instanceof CloudError && (e.status <= 0 || e.status >= 500);
const ID = /^[0-9a-f]{16}$/;

/** What a waiter sees of the lock that someone else holds. */
interface Seen {
  holder: string;
  id?: string;
  /** The id, or for a body this tool did not write, a digest of it: what the takeover marker is named after. */
  tag: string;
  since: number;
  /** The newest write of the head or its renewal object (OSS's clock). */
  lastSeen: number;
  ttl: number;
  /** OSS's clock at the last read; undefined when OSS sent no `Date` (the lock is then never called expired). */
  serverTime?: number;
}

async function look(rt: Runtime, s: State): Promise<Seen | undefined> {
  const head = await rt.oss.readObject(s.bucket, s.region, LOCK_KEY);
  if (!head) return undefined;
  const body = parseHolder(head.body);
  const id = body.id !== undefined && ID.test(body.id) ? body.id : undefined;
  let lastSeen = head.lastModified;
  let serverTime = head.serverTime;
  // Read after the head: a renewal made since the head was read is seen here, and this answer's Date is then "now".
  const renewal = id ? await rt.oss.readObject(s.bucket, s.region, renewalKey(id)) : undefined;
  if (renewal) {
    lastSeen = Math.max(lastSeen, renewal.lastModified);
    serverTime = renewal.serverTime;
  }
  const ttl = Math.min(TTL_BOUNDS[1], Math.max(TTL_BOUNDS[0], body.ttlMs ?? DEFAULT_LOCK_TTL_MS));
  return {
    holder: body.holder ?? 'an unknown holder',
    id,
    tag: id ?? createHash('sha256').update(head.body).digest('hex').slice(0, 16),
    since: head.lastModified,
    lastSeen,
    ttl,
    serverTime,
  };
}

const iso = (ms: number) => new Date(ms).toISOString();
const expiresAt = (l: Seen) => l.lastSeen + l.ttl + TAKEOVER_GRACE_MS;
const describe = (l: Seen) =>
  `${l.holder} (since ${iso(l.since)}, expires ${iso(expiresAt(l))} unless renewed, by OSS's clock)`;

/** Takes over an expired lock if this run wins its marker; see the module comment. */
async function takeOver(rt: Runtime, s: State, l: Seen, holder: string): Promise<void> {
  try {
    await rt.oss.putObject(s.bucket, s.region, takeoverKey(l.tag), holder, { forbidOverwrite: true });
  } catch (e) {
    if (exists(e)) return; // another waiter is taking it over: wait like everyone else
    throw e;
  }
  const again = await look(rt, s);
  if (again?.tag === l.tag) {
    rt.progress({ kind: 'info', message: `taking over the apply lock of ${l.holder}, which expired` });
    await rt.oss.deleteObject(s.bucket, s.region, LOCK_KEY);
  }
  if (l.id) await rt.oss.deleteObject(s.bucket, s.region, renewalKey(l.id));
  await rt.oss.deleteObject(s.bucket, s.region, takeoverKey(l.tag));
}

/** Takes the lock; returns when the winning create was sent (runtime clock), for the lease's deadline. */
async function acquire(rt: Runtime, s: State, opts: LockOptions, id: string, ttl: number): Promise<number> {
  const waitMs = opts.waitMs ?? rt.tuning.lockWaitMs;
  const start = rt.clock.now();
  const body = JSON.stringify({ holder: opts.holder, id, ttlMs: ttl, acquiredAt: iso(start) });
  for (;;) {
    if (opts.signal?.aborted) throw stoppedWaiting(opts.signal, s);
    const sent = rt.clock.now();
    try {
      await rt.oss.putObject(s.bucket, s.region, LOCK_KEY, body, { forbidOverwrite: true });
      return sent;
    } catch (e) {
      // "Exists" may be our own create: its reply was lost and the retry met the object it had written. A failure
      // without a clear answer (no reply, a 5xx) may have written it too. Either way, look before deciding.
      if (!exists(e) && !unsure(e)) throw e;
    }
    const held = await look(rt, s);
    if (!held) continue; // released between our two calls
    // Our own id: the create just sent wrote it (an earlier one would have been seen by the look after it).
    if (held.id === id) return sent;
    if (held.serverTime !== undefined && held.serverTime > expiresAt(held)) {
      await takeOver(rt, s, held, opts.holder);
      continue;
    }
    const elapsed = rt.clock.now() - start;
    if (elapsed >= waitMs)
      throw new CloudError(
        `another apply holds the lock: ${describe(held)}; gave up after waiting ${seconds(elapsed)}`,
        {
          service: 'lock',
          code: 'LockHeld',
          status: 0,
          resource: `oss://${s.bucket}/${LOCK_KEY}`,
          hint: `wait for it to finish and run again; if that run died, the lock expires at ${iso(expiresAt(held))} (or delete oss://${s.bucket}/${LOCK_KEY})`,
        },
      );
    rt.progress({
      kind: 'wait',
      message: `waiting for the apply lock held by ${describe(held)} (${seconds(elapsed)} elapsed)`,
    });
    await rt.sleep(rt.tuning.pollMs);
  }
}

function stoppedWaiting(signal: AbortSignal, s: State): CloudError {
  return new CloudError(`stopped while waiting for the apply lock: ${stopReason(signal)}`, {
    service: 'lock',
    code: 'Stopped',
    status: 0,
    resource: `oss://${s.bucket}/${LOCK_KEY}`,
    hint: 'nothing was changed; run again',
  });
}

/** Releases of the locks this process holds right now, for `releaseHeldLocks`. */
const held = new Set<() => Promise<void>>();

/**
 * Releases every apply lock this process holds, at once. A front-end calls it when it is interrupted (Ctrl-C, a
 * cancelled workflow) before it exits, so the next run does not wait for the lock to expire. The interrupted apply
 * leaves a state the next run repairs, as any failure half-way does.
 */
export async function releaseHeldLocks(): Promise<void> {
  await Promise.allSettled([...held].map((release) => release()));
}

/**
 * Runs `fn` holding the apply lock; see the module comment. `fn` gets the lease: its `signal` aborts when the lock is
 * lost, and `checkpoint` belongs at every step boundary.
 */
export async function withApplyLock<T>(
  rt: Runtime,
  s: State,
  opts: LockOptions,
  fn: (lease: LeaseHandle) => Promise<T>,
): Promise<T> {
  const id = randomBytes(8).toString('hex');
  const ttl = opts.ttlMs ?? DEFAULT_LOCK_TTL_MS;
  const sentAt = await acquire(rt, s, opts, id, ttl);
  const lease = new Lease(rt, s, { head: LOCK_KEY, renewal: renewalKey(id) }, { id, holder: opts.holder }, ttl, sentAt);
  let released: Promise<void> | undefined;
  const release = () => {
    released ??= lease.release();
    return released;
  };
  held.add(release);
  try {
    return await fn(lease);
  } finally {
    held.delete(release);
    try {
      await release();
    } catch (e) {
      // Never let a failed release hide the work's own result; the lock then simply expires.
      rt.progress({
        kind: 'info',
        message: `could not release the apply lock (${e instanceof Error ? e.message : String(e)}); it expires within ${seconds(ttl + TAKEOVER_GRACE_MS)}`,
      });
    }
  }
}
