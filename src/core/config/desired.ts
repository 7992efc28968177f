/**
 * Desired states from the file and from `unbind`: the requests the planner works on.
 */
import { inputError } from '../errors.js';
import type { DesiredState, DomainsConfig } from '../model.js';
import { checkDomainName, normaliseDomain } from '../names.js';

/** The desired state of a whole file: every declared domain, scope `file` (so `prune` can apply). */
export function desiredFromConfig(config: DomainsConfig): DesiredState {
  const desired: DesiredState = {
    owner: config.owner,
    prune: config.prune,
    domains: config.domains.map((d) => ({ ...d })),
    absent: [],
    scope: 'file',
  };
  if (config.state) desired.state = { ...config.state };
  return desired;
}

/**
 * The desired state of `unbind DOMAIN`: that one domain absent, scope `only`, so nothing else is considered.
 * Throws a `config` CloudError when the domain is not a valid name (nothing could be bound under it anyway).
 */
export function desiredFromUnbind(domain: string, owner: string): DesiredState {
  const problem = checkDomainName(domain);
  if (problem) throw inputError(problem, 'InvalidDomainName');
  return { owner, prune: false, domains: [], absent: [normaliseDomain(domain)], scope: 'only' };
}
