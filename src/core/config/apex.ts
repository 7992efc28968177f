/**
 * The registrable-domain rule: a domain that is itself registrable (`abc.com`, `abc.com.cn`, `team.github.io`, by the
 * Public Suffix List) is the apex of whichever Alidns zone holds it, so Alidns can never give it the CNAME the binding
 * needs. Decided offline, before any call, unless `dns: none` leaves the record to another DNS provider.
 */
import { registrableApexProblem } from '../names.js';
import type { Pos, Read, Reader } from './read.js';

/**
 * Records the issue at the domain's value when `domain` is registrable and Alidns would write its record. A `zone`
 * equal to the domain is left to the zone rule (build.ts), which says the same in its own words: one issue, not two.
 */
export function checkRegistrableApex(
  reader: Reader,
  at: Pos,
  domain: string,
  dns: Read | undefined,
  zoneName: string | undefined,
): void {
  if (dns !== undefined && (!dns.ok || dns.value !== 'alidns')) return;
  if (zoneName === domain) return;
  const problem = registrableApexProblem(domain);
  if (problem) reader.issue(at, problem.message, problem.hint);
}
