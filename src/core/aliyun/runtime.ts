/**
 * The production runtime: the SDK adapters wired from the environment (credentials, the OSS_DOMAINS_*_ENDPOINT
 * variables the README lists, `OSS_DOMAINS_QPS`), the system clock, real sleeps, and one rate governor that every
 * adapter request goes through.
 */
import { RateGovernor } from '../calls/governor.js';
import { parseQps } from '../calls/qps.js';
import { accountLimits, type Limit } from '../limits.js';
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
  /** The rate limits to start from (default: the account's, with `OSS_DOMAINS_QPS` over them). */
  limits?: ReadonlyMap<string, Limit>;
}

const blankToUndefined = (v: string | undefined) => (v?.trim() ? v.trim() : undefined);

/**
 * Builds the runtime from `env`: `OSS_DOMAINS_{OSS,DNS,CDN}_ENDPOINT`, `OSS_DOMAINS_RESOLVER`, `OSS_DOMAINS_QPS`,
 * credentials. A malformed `OSS_DOMAINS_QPS` throws an input error (service `config`) naming the entry.
 */
export function createRuntime(env: NodeJS.ProcessEnv, opts: RuntimeOptions = {}): Runtime {
  const credential = credentialSource(env);
  const clock = opts.clock ?? { now: () => Date.now() };
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const progress = opts.progress ?? (() => undefined);
  const tuning = { ...defaultTuning, ...opts.tuning };
  const limits = opts.limits ?? accountLimits(parseQps(env.OSS_DOMAINS_QPS));
  const governor = new RateGovernor({ clock, sleep, progress, tuning, limits });
  return {
    // Each SDK is imported on the first call to its service (see lazy.ts).
    oss: lazyPort<OssPort>(async () =>
      (await import('./oss.js')).createOssAdapter({
        credential,
        endpoint: blankToUndefined(env.OSS_DOMAINS_OSS_ENDPOINT),
        governor,
      }),
    ),
    dns: lazyPort<DnsPort>(async () =>
      (await import('./dns.js')).createDnsAdapter({
        credential,
        endpoint: blankToUndefined(env.OSS_DOMAINS_DNS_ENDPOINT),
        governor,
      }),
    ),
    cdn: lazyPort<CdnPort>(async () =>
      (await import('./cdn.js')).createCdnAdapter({
        credential,
        endpoint: blankToUndefined(env.OSS_DOMAINS_CDN_ENDPOINT),
        governor,
      }),
    ),
    resolver: createResolver({ server: blankToUndefined(env.OSS_DOMAINS_RESOLVER) }),
    clock,
    sleep,
    progress,
    tuning,
    governor,
  };
}

/**
 * Imports every adapter, and the SDK behind it, now. A long-running server (the bot) calls this before it takes
 * requests: otherwise the import (0.5–0.9 s of blocking module evaluation on a small machine) lands inside its first
 * command, and every command arriving meanwhile waits behind it for its ack. One-shot runs leave it to lazy.ts.
 */
export async function preloadAdapters(): Promise<void> {
  await Promise.all([import('./oss.js'), import('./dns.js'), import('./cdn.js')]);
}
