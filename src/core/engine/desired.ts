/** The desired state of a one-domain command (`bind` from the CLI, `/oss bind` from Slack). */

import { CloudError } from '../errors.js';
import type { BindRequest } from '../index.js';
import type { DesiredState } from '../model.js';
import { checkBucketName, checkDomainName, displayDomain, normaliseDomain, normaliseRegion } from '../names.js';
import type { Runtime } from '../ports.js';
import { withRetry } from './retry.js';

/** Default TTL of a record created by a one-domain command: the minimum every Alidns edition accepts. */
export const DEFAULT_TTL = 600;

const invalid = (message: string, hint: string) =>
  new CloudError(message, { service: 'config', code: 'InvalidArgument', status: 0, hint });

/**
 * Scope `only`: the plan looks at this domain and nothing else. The bucket's region is looked up with
 * GetBucketLocation when not given.
 */
export async function bindRequestToDesired(runtime: Runtime, req: BindRequest): Promise<DesiredState> {
  const badDomain = checkDomainName(req.domain);
  if (badDomain) throw invalid(badDomain.message, badDomain.hint);
  const badBucket = checkBucketName(req.bucket);
  if (badBucket) throw invalid(badBucket.message, badBucket.hint);
  const domain = normaliseDomain(req.domain);
  const region = req.region ? normaliseRegion(req.region) : await withRetry(runtime).oss.getBucketRegion(req.bucket);
  return {
    owner: req.owner,
    prune: false,
    scope: 'only',
    absent: [],
    domains: [
      {
        domain,
        display: displayDomain(domain),
        bucket: req.bucket,
        region,
        cdn: req.cdn ? { scope: 'domestic' } : undefined,
        https: req.certId ? { certId: req.certId } : undefined,
        ttl: req.ttl ?? DEFAULT_TTL,
        dns: 'alidns',
        takeover: req.takeover ?? false,
      },
    ],
  };
}
