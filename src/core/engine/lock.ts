/**
 * The apply lock, shared by every front-end through the state bucket: the object `locks/apply.json`, created with
 * `x-oss-forbid-overwrite` so exactly one creator wins, holding the holder, an id and an expiry.
 *
 * - Held by someone else and not expired: wait (polling, with progress naming the holder) up to `waitMs`, then fail
 *   with a message that names the holder and when the lock expires.
 * - Expired (its holder died): taken over. Two waiters may both see it expired; each first creates
 *   `locks/takeover-<generation>.json` with forbid-overwrite, and only the one that succeeds deletes the stale lock, so
 *   a late waiter can never delete a lock that was just taken. Those markers are a few bytes, one per dead holder,
 *   and are kept on purpose (deleting one would reopen that race).
 * - While held, the expiry is pushed forward every ttl/3 (a wall-clock timer), so a long apply (CDN can take
 *   minutes to come online) is not taken over; released (deleted, if still ours) when `fn` settles.
 */
import { createHash, randomBytes } from 'node:crypto';
import { CloudError, errorMessage } from '../errors.js';
import type { Runtime } from '../ports.js';
import { seconds } from './apply-context.js';
import { withRetry } from './retry.js';

export interface LockOptions {
  /** Who holds it, for the message the other side sees (`github-actions run 123`, `slack U123`). */
  holder: string;
  /** How long a lock stays valid if its holder dies (default 3 minutes; a live holder renews it every ttl/3). */
  ttlMs?: number;
  /** How long to wait for a held lock before giving up with a message naming the holder (default `tuning.lockWaitMs`, 10 minutes). */
  waitMs?: number;
}

export const LOCK_KEY = 'locks/apply.json';
/** Short, because a live holder renews it every ttl/3: a crashed run blocks the next one for minutes, not the whole wait. */
export const DEFAULT_LOCK_TTL_MS = 3 * 60_000;

export interface LockBody {
  holder: string;
  id: string;
  acquiredAt: string;
  expiresAt: string;
}

type State = { bucket: string; region: string };

const exists = (e: unknown) => e instanceof CloudError && (e.code === 'FileAlreadyExists' || e.status === 409);

/** The lock object's body as `holder` writes it at `now`: valid for `ttl` from then. */
function lockBody(holder: string, id: string, now: number, ttl: number): string {
  const body: LockBody = {
    holder,
    id,
    acquiredAt: new Date(now).toISOString(),
    expiresAt: new Date(now + ttl).toISOString(),
  };
  return JSON.stringify(body);
}

function parse(text: string): Partial<LockBody> {
  try {
    return JSON.parse(text) as Partial<LockBody>;
  } catch {
    return {}; // unreadable: treated as expired below
  }
}

async function acquire(rt: Runtime, s: State, opts: LockOptions, id: string, ttl: number): Promise<void> {
  const waitMs = opts.waitMs ?? rt.tuning.lockWaitMs;
  const start = rt.clock.now();
  for (;;) {
    const now = rt.clock.now();
    try {
      await rt.oss.putObject(s.bucket, s.region, LOCK_KEY, lockBody(opts.holder, id, now, ttl), {
        forbidOverwrite: true,
      });
      return;
    } catch (e) {
      if (!exists(e)) throw e;
    }
    const text = await rt.oss.getObject(s.bucket, s.region, LOCK_KEY);
    if (text === undefined) continue; // released between our two calls
    const held = parse(text);
    const expires = Date.parse(held.expiresAt ?? '');
    if (!(expires > now)) {
      const generation = createHash('sha256').update(text).digest('hex').slice(0, 16);
      try {
        await rt.oss.putObject(s.bucket, s.region, `locks/takeover-${generation}.json`, opts.holder, {
          forbidOverwrite: true,
        });
        rt.progress({
          kind: 'info',
          message: `taking over the apply lock of ${held.holder ?? 'an unknown holder'}, which expired`,
        });
        await rt.oss.deleteObject(s.bucket, s.region, LOCK_KEY);
        continue;
      } catch (e) {
        if (!exists(e)) throw e; // another waiter is taking it over: wait like everyone else
      }
    }
    const elapsed = rt.clock.now() - start;
    const who = `${held.holder ?? 'an unknown holder'} (since ${held.acquiredAt ?? '?'}, expires ${held.expiresAt ?? '?'})`;
    if (elapsed >= waitMs)
      throw new CloudError(`another apply holds the lock: ${who}; gave up after waiting ${seconds(elapsed)}`, {
        service: 'lock',
        code: 'LockHeld',
        status: 0,
        resource: `oss://${s.bucket}/${LOCK_KEY}`,
        hint: `wait for it to finish and run again; if that run died, the lock expires at ${held.expiresAt ?? '?'} (or delete oss://${s.bucket}/${LOCK_KEY})`,
      });
    rt.progress({ kind: 'wait', message: `waiting for the apply lock held by ${who} (${seconds(elapsed)} elapsed)` });
    await rt.sleep(rt.tuning.pollMs);
  }
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

/** Runs `fn` holding the apply lock; see the module comment. */
export async function withApplyLock<T>(
  runtime: Runtime,
  s: State,
  opts: LockOptions,
  fn: () => Promise<T>,
): Promise<T> {
  const rt = withRetry(runtime);
  const id = randomBytes(8).toString('hex');
  const ttl = opts.ttlMs ?? DEFAULT_LOCK_TTL_MS;
  await acquire(rt, s, opts, id, ttl);
  const mine = async () => parse((await rt.oss.getObject(s.bucket, s.region, LOCK_KEY)) ?? '').id === id;
  const renew = setInterval(
    () => {
      void (async () => {
        if (!(await mine())) return;
        await rt.oss.putObject(s.bucket, s.region, LOCK_KEY, lockBody(opts.holder, id, rt.clock.now(), ttl));
      })().catch(() => undefined); // a missed renewal is retried at the next tick
    },
    Math.max(1_000, ttl / 3),
  );
  renew.unref();
  let released: Promise<void> | undefined;
  const release = () => {
    clearInterval(renew);
    released ??= (async () => {
      if (await mine()) await rt.oss.deleteObject(s.bucket, s.region, LOCK_KEY);
    })();
    return released;
  };
  held.add(release);
  try {
    return await fn();
  } finally {
    held.delete(release);
    try {
      await release();
    } catch (e) {
      // Never let a failed release hide the work's own result; the lock then simply expires.
      rt.progress({
        kind: 'info',
        message: `could not release the apply lock (${errorMessage(e)}); it expires within ${seconds(ttl)}`,
      });
    }
  }
}
