/** Waiting for a CDN domain to come online: after adding or starting it, and before pointing a record at it. */
import { CloudError } from '../errors.js';
import { type ApplyContext, seconds } from './apply-context.js';

const FAILED = new Set(['configure_failed', 'check_failed']);

/** Polls DescribeCdnDomainDetail until `online`, reporting the state as it goes; returns the CNAME. */
export async function waitOnline(ctx: ApplyContext, domain: string): Promise<string> {
  const { rt } = ctx;
  const start = rt.clock.now();
  for (;;) {
    const d = await rt.cdn.getDomain(domain);
    const status = d?.status ?? 'missing';
    if (d && status === 'online') {
      ctx.cdnCname.set(domain, d.cname);
      return d.cname;
    }
    const elapsed = rt.clock.now() - start;
    if (FAILED.has(status) || !d || elapsed >= rt.tuning.cdnOnlineTimeoutMs)
      throw new CloudError(`the CDN domain ${domain} is ${status} after ${seconds(elapsed)}, not online`, {
        service: 'cdn',
        code: 'CdnNotOnline',
        status: 0,
        action: 'DescribeCdnDomainDetail',
        resource: domain,
        hint: FAILED.has(status)
          ? 'open the CDN console for the reason (often content review or an origin problem), fix it, then run apply again'
          : 'CDN can take a while; run apply again later: it picks up where this run stopped',
      });
    rt.progress({ kind: 'wait', domain, message: `CDN domain ${domain} is ${status} (${seconds(elapsed)} elapsed)` });
    await rt.sleep(rt.tuning.pollMs);
  }
}
