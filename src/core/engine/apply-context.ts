/**
 * What the step executors share during one apply: the runtime, the owner marker, a lazy per-zone record cache, the
 * CDN CNAMEs learnt so far, and the loop that waits out an API saying "not yet" (waiting for a state, CDN online, is
 * in apply-wait.ts).
 */

import { doubling, pollUntil } from '../calls/retry.js';
import { CloudError, hasCode, type Service } from '../errors.js';
import type { DnsRecord } from '../model.js';
import type { Runtime } from '../ports.js';

/**
 * Records of a zone, read at most once per apply and only when a step needs to look (an ownership TXT record, a
 * duplicate to adopt). `reload` forgets the cached copy after a surprise.
 */
export class ZoneRecords {
  private readonly cache = new Map<string, Promise<DnsRecord[]>>();
  constructor(private readonly rt: Runtime) {}

  get(zone: string): Promise<DnsRecord[]> {
    let p = this.cache.get(zone);
    if (!p) {
      p = this.rt.dns.listRecords(zone);
      p.catch(() => this.cache.delete(zone));
      this.cache.set(zone, p);
    }
    return p;
  }

  reload(zone: string): Promise<DnsRecord[]> {
    this.cache.delete(zone);
    return this.get(zone);
  }
}

export interface ApplyContext {
  rt: Runtime;
  owner: string;
  /** `oss-domains:<owner>` */
  marker: string;
  zones: ZoneRecords;
  /** CDN CNAMEs assigned during this apply, by domain (for `cdn:<domain>` record values). */
  cdnCname: Map<string, string>;
  /**
   * CDN's ownership proof, by root domain: CDN asks once per root, so the domains under one root share one proof
   * (one DescribeVerifyContent, one TXT record, one VerifyDomainOwner) instead of making one each.
   */
  cdnProofs: Map<string, Promise<void>>;
  /** Request ids of the current step's write calls. */
  ids: string[];
  /** The apply's stop signal (ApplyOptions.signal): a wait inside a step gives up when it aborts. */
  signal?: AbortSignal;
}

/** The code of the error a wait throws when the apply is stopped while it waits (`stoppedWaiting`). */
export const STOPPED_WAITING = 'ApplyStoppedWaiting';

/**
 * The error that ends a wait when the apply is stopped (`waiting`: `waiting for …`) (a bot shutting down, a lost apply lock), so that a step that
 * waits for OSS or CDN does not hold a stopping apply for minutes: it names what the step waited for; what the step
 * did stands, and the next run finishes it.
 */
export function stoppedWaiting(domain: string, waiting: string, service: Service, action: string): CloudError {
  return new CloudError(`stopped ${waiting}`, {
    service,
    code: STOPPED_WAITING,
    status: 0,
    action,
    resource: domain,
    hint: 'what this step did stands; run again to finish',
  });
}

export { seconds } from '../calls/retry.js';

/**
 * A step that cannot finish until the user does something elsewhere (a record at another DNS provider): not a
 * failure. The domain is reported pending with `message`, which names what to create; the next apply finishes it.
 */
export class Pending extends Error {
  override name = 'Pending';
  /** What the step's result reports as its detail (a record to create), when not the message itself. */
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/**
 * Calls `fn` until it stops failing with `code` (an ownership check that does not see a fresh TXT record yet),
 * backing off from `baseDelayMs` to `maxDelayMs`; after `timeoutMs` it throws `onTimeout(lastError, elapsed)`.
 */
export function retryWhile<T>(
  ctx: ApplyContext,
  domain: string,
  code: string,
  timeoutMs: number,
  waiting: string,
  fn: () => Promise<T>,
  onTimeout: (e: CloudError, elapsedMs: number) => CloudError,
): Promise<T> {
  const { rt } = ctx;
  return pollUntil<T, CloudError>(
    rt,
    {
      timeoutMs,
      delay: doubling(rt.tuning),
      domain,
      onTimeout: (elapsed, e) => {
        throw onTimeout(e, elapsed);
      },
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onStopped: (what, e) => {
        throw stoppedWaiting(domain, what, e.service, e.action ?? 'PutCname');
      },
    },
    async () => {
      try {
        return { done: true, value: await fn() };
      } catch (e) {
        if (!hasCode(e, code)) throw e;
        return { done: false, waiting, last: e };
      }
    },
  );
}
