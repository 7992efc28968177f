/**
 * The last step of each domain's apply: resolve the domain and check that its CNAME chain reaches the target. A miss
 * is reported, not treated as a failure: resolvers cache, and propagation can take a while.
 */

import { pollUntil } from '../calls/retry.js';
import { errorMessage } from '../errors.js';
import type { Verification } from '../model.js';
import { sameHost } from '../names.js';
import type { Runtime } from '../ports.js';

/** Resolves `domain` and checks that `expected` is in the chain. */
export async function verifyDomain(rt: Runtime, domain: string, expected: string): Promise<Verification> {
  try {
    const answers = await rt.resolver.resolve(domain);
    return { domain, expected, answers, ok: answers.some((a) => sameHost(a, expected)) };
  } catch (e) {
    return { domain, expected, answers: [], ok: false, error: errorMessage(e) };
  }
}

/**
 * Verifies one domain, giving it up to `attempts` (3) tries `tuning.pollMs` apart (a record written a moment ago may not
 * be served by every authoritative server yet); once `signal` aborts, no further try.
 */
export function verifyPropagated(
  rt: Runtime,
  domain: string,
  expected: string,
  opts: { attempts?: number; signal?: AbortSignal } = {},
): Promise<Verification> {
  return pollUntil<Verification, Verification>(
    rt,
    {
      timeoutMs: Number.POSITIVE_INFINITY,
      maxLooks: opts.attempts ?? 3,
      delay: () => rt.tuning.pollMs,
      report: false,
      onTimeout: (_elapsed, last) => last,
      // A stopped apply reports no verification: the pause between lookups ends at once.
      signal: opts.signal,
      onStopped: (_waiting, last) => last,
    },
    async () => {
      const v = await verifyDomain(rt, domain, expected);
      return v.ok ? { done: true, value: v } : { done: false, waiting: `resolving ${domain}`, last: v };
    },
  );
}
