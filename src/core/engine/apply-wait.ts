/** Waiting for a CDN domain to come online: after adding or starting it, and before pointing a record at it. */
import { pollUntil } from '../calls/retry.js';
import { CloudError } from '../errors.js';
import { type ApplyContext, seconds, stoppedWaiting } from './apply-context.js';

const FAILED = new Set(['configure_failed', 'check_failed']);

function notOnline(domain: string, status: string, elapsedMs: number): CloudError {
  return new CloudError(`the CDN domain ${domain} is ${status} after ${seconds(elapsedMs)}, not online`, {
    service: 'cdn',
    code: 'CdnNotOnline',
    status: 0,
    action: 'DescribeCdnDomainDetail',
    resource: domain,
    hint: FAILED.has(status)
      ? 'open the CDN console for the reason (often content review or an origin problem), fix it, then run apply again'
      : 'CDN can take a while; run apply again later: it picks up where this run stopped',
  });
}

/** Polls DescribeCdnDomainDetail until `online`, reporting the state as it goes; returns the CNAME. */
export function waitOnline(ctx: ApplyContext, domain: string): Promise<string> {
  const { rt } = ctx;
  return pollUntil<string, string>(
    rt,
    {
      timeoutMs: rt.tuning.cdnOnlineTimeoutMs,
      delay: () => rt.tuning.pollMs,
      domain,
      onTimeout: (elapsed, status) => {
        throw notOnline(domain, status, elapsed);
      },
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onStopped: (_what, status) => {
        throw stoppedWaiting(
          domain,
          `waiting for the CDN domain ${domain} to come online (it is ${status})`,
          'cdn',
          'DescribeCdnDomainDetail',
        );
      },
    },
    async (elapsed) => {
      const d = await rt.cdn.getDomain(domain);
      const status = d?.status ?? 'missing';
      if (d && status === 'online') {
        ctx.cdnCname.set(domain, d.cname);
        return { done: true, value: d.cname };
      }
      if (FAILED.has(status) || !d) throw notOnline(domain, status, elapsed);
      return { done: false, waiting: `CDN domain ${domain} is ${status}`, last: status };
    },
  );
}
