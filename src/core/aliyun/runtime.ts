/**
 * The production runtime: the SDK adapters wired from the environment (credentials and the OSS_DOMAINS_*_ENDPOINT
 * variables the README lists), the system clock, real sleeps, and the retry + per-service concurrency decorator around the ports.
 */
import { withRetry } from '../engine/retry.js';
import type { CdnPort, DnsPort, OssPort } from '../ports.js';
import { defaultTuning, type Runtime, type Tuning } from '../ports.js';
import { credentialSource } from './credentials.js';
import { lazyPort } from './lazy.js';
import { createResolver } from './resolver.js';

export interface RuntimeOptions {
  progress?: Runtime['progress'];
  /** Overrides of the waits and limits (tests and the demo shorten them). */
  tuning?: Partial<Tuning>;
  clock?: Runtime['clock'];
  sleep?: Runtime['sleep'];
}

const blankToUndefined = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/** Builds the runtime from `env`: `OSS_DOMAINS_{OSS,DNS,CDN}_ENDPOINT`, `OSS_DOMAINS_RESOLVER`, credentials. */
export function createRuntime(env: NodeJS.ProcessEnv, opts: RuntimeOptions = {}): Runtime {
  const credential = credentialSource(env);
  const rt: Runtime = {
    // Each SDK is imported on the first call to its service (see lazy.ts).
    oss: lazyPort<OssPort>(async () =>
      (await import('./oss.js')).createOssAdapter({
        credential,
        endpoint: blankToUndefined(env.OSS_DOMAINS_OSS_ENDPOINT),
      }),
    ),
    dns: lazyPort<DnsPort>(async () =>
      (await import('./dns.js')).createDnsAdapter({
        credential,
        endpoint: blankToUndefined(env.OSS_DOMAINS_DNS_ENDPOINT),
      }),
    ),
    cdn: lazyPort<CdnPort>(async () =>
      (await import('./cdn.js')).createCdnAdapter({
        credential,
        endpoint: blankToUndefined(env.OSS_DOMAINS_CDN_ENDPOINT),
      }),
    ),
    resolver: createResolver({ server: blankToUndefined(env.OSS_DOMAINS_RESOLVER) }),
    clock: opts.clock ?? { now: () => Date.now() },
    sleep: opts.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    progress: opts.progress ?? (() => undefined),
    tuning: { ...defaultTuning, ...opts.tuning },
  };
  return withRetry(rt);
}

/**
 * Imports every adapter, and the SDK behind it, now. A long-running server (the bot) calls this before it takes
 * requests: otherwise the import (0.5–0.9 s of blocking module evaluation on a small machine) lands inside its first
 * command, and every command arriving meanwhile waits behind it for its ack. One-shot runs leave it to lazy.ts.
 */
export async function preloadAdapters(): Promise<void> {
  await Promise.all([import('./oss.js'), import('./dns.js'), import('./cdn.js')]);
}
