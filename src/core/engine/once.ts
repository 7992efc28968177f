/**
 * One-time markers in the state bucket: the first caller to claim a name wins, whichever machine it runs on, and
 * every later claim gets the winner's record back. The bot uses one per button, so that a button works once on any
 * replica: after its change ran, after Cancel, or when it is pressed twice.
 *
 * A marker is the object `locks/once/<name>.json`, created with OSS's `x-oss-forbid-overwrite` (the apply lock's
 * mechanism: exactly one creator succeeds). Its record carries a random claim id, so a PutObject retried after a
 * lost reply, which finds the object its first attempt wrote, knows it won. Markers are a few hundred bytes and are
 * never read after their button expires; an OSS lifecycle rule on the prefix can delete them.
 */
import { randomBytes } from 'node:crypto';
import { CloudError } from '../errors.js';
import type { Runtime } from '../ports.js';

export const ONCE_PREFIX = 'locks/once/';

export type OnceClaim<T> = { won: true } | { won: false; record: T | undefined };

const exists = (e: unknown) => e instanceof CloudError && (e.code === 'FileAlreadyExists' || e.status === 409);

/** Claims `name` (letters, digits, `-`, `_`) for `record`; see the module comment. */
export async function claimOnce<T extends object>(
  rt: Runtime,
  s: { bucket: string; region: string },
  name: string,
  record: T,
): Promise<OnceClaim<T>> {
  if (!/^[\w-]{1,200}$/.test(name)) throw new Error(`claimOnce: "${name}" is not a marker name`);
  const key = `${ONCE_PREFIX}${name}.json`;
  const claim = randomBytes(8).toString('hex');
  try {
    await rt.oss.putObject(s.bucket, s.region, key, JSON.stringify({ claim, record }), { forbidOverwrite: true });
    return { won: true };
  } catch (e) {
    if (!exists(e)) throw e;
  }
  const text = await rt.oss.getObject(s.bucket, s.region, key);
  let found: { claim?: string; record?: T } = {};
  try {
    found = JSON.parse(text ?? '{}') as typeof found;
  } catch {
    // An unreadable marker still marks the name as taken.
  }
  return found.claim === claim ? { won: true } : { won: false, record: found.record };
}
