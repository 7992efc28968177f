/** The desired state of a one-domain command (`bind` from the CLI, `/oss bind` from Slack). */

import { DEFAULT_CDN_SCOPE, DEFAULT_TTL } from '../config/definition.js';
import { inputError } from '../errors.js';
import type { DesiredState } from '../model.js';
import {
  checkBucketName,
  checkCertId,
  checkDomainName,
  checkRegion,
  displayDomain,
  normaliseDomain,
  normaliseRegion,
  registrableApexProblem,
} from '../names.js';
import type { Runtime } from '../ports.js';

/** Options of a one-domain command (`bind`), as the CLI flags and the bot's command text give them. */
export interface BindRequest {
  domain: string;
  bucket: string;
  /** Looked up with GetBucketLocation when absent. */
  region?: string;
  cdn?: boolean;
  certId?: string;
  ttl?: number;
  takeover?: boolean;
  owner: string;
}

/**
 * Scope `only`: the plan looks at this domain and nothing else. The names follow domains.yml's rules, checked before
 * any call; the bucket's region is looked up with GetBucketLocation when not given; the TTL and the CDN scope default
 * as they do in domains.yml.
 */
export async function desiredFromBind(rt: Runtime, req: BindRequest): Promise<DesiredState> {
  const problem =
    checkDomainName(req.domain) ??
    // A one-domain bind always writes its record with Alidns: a registrable domain is refused as domains.yml does.
    registrableApexProblem(req.domain) ??
    checkBucketName(req.bucket) ??
    (req.region ? checkRegion(req.region.trim().toLowerCase()) : undefined) ??
    (req.certId ? checkCertId(req.certId) : undefined);
  if (problem) throw inputError(problem);
  const domain = normaliseDomain(req.domain);
  const region = req.region ? normaliseRegion(req.region) : await rt.oss.getBucketRegion(req.bucket);
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
        cdn: req.cdn ? { scope: DEFAULT_CDN_SCOPE } : undefined,
        https: req.certId ? { certId: req.certId } : undefined,
        ttl: req.ttl ?? DEFAULT_TTL,
        dns: 'alidns',
        takeover: req.takeover ?? false,
      },
    ],
  };
}
