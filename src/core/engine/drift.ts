/**
 * Drift: the plan read as a report of how the cloud differs from the file (a `dns: none` record missing at the other
 * DNS provider is one of its steps), plus what a plan does not show but an operator wants to know — certificates
 * that expire within 30 days (on OSS: ListCname's ValidEndDate; on CDN: DescribeDomainCertificateInfo), CDN domains
 * that are not online, and orphans (domains we still manage that the file no longer declares). Reads every zone,
 * since orphans can be anywhere; still O(buckets + zones) calls, plus one per CDN domain and website bucket, and no
 * write.
 */
import { expiryWarning } from '../cert-expiry.js';
import type { DesiredState, Observed, Plan, Warning } from '../model.js';
import { planHasChanges, planHasConflicts } from '../model.js';
import type { Runtime } from '../ports.js';
import { cdnCertWarnings } from '../resources/cdn-cert.js';
import { observe } from './observe.js';
import { computePlan } from './plan.js';
import { orphans } from './plan-remove.js';

export interface DriftReport {
  plan: Plan;
  /** True when the cloud differs from the desired state. */
  drift: boolean;
  /** Owned records / domains no longer declared. */
  orphans: string[];
}

export const EXPIRY_WARNING_DAYS = 30;

/** Warnings about declared domains that are in place but unhealthy. Pure: `now` is passed in. */
export function healthWarnings(desired: DesiredState, observed: Observed, now: number): Warning[] {
  const out: Warning[] = [];
  for (const spec of desired.domains) {
    const b = observed.bindings.get(spec.domain);
    const bound = b?.bucket === spec.bucket ? b.certificate : undefined;
    const w = expiryWarning(
      { domain: spec.domain, certId: bound?.certId, end: bound?.validEndDate, where: 'bound on OSS', code: 'cert' },
      now,
      EXPIRY_WARNING_DAYS,
    );
    if (w) out.push(w);
    out.push(...cdnCertWarnings({ ...desired, domains: [spec] }, observed, now, EXPIRY_WARNING_DAYS));
    const c = spec.cdn ? observed.cdn.get(spec.domain) : undefined;
    if (c && c.status !== 'online') {
      out.push({
        domain: spec.domain,
        code: 'cdn-not-online',
        message: `the CDN domain ${spec.domain} is ${c.status}, not online`,
      });
    }
  }
  return out;
}

/** The plan, read as a report of differences, plus warnings (expiring certificates, CDN domains offline). */
export async function drift(rt: Runtime, desired: DesiredState): Promise<DriftReport> {
  const observed = await observe(rt, desired, { allZones: desired.scope === 'file' });
  const plan = computePlan(desired, observed);
  const declared = new Set(desired.domains.map((d) => d.domain));
  const found = desired.scope === 'file' ? orphans(observed, desired.owner).filter((d) => !declared.has(d)) : [];
  const warnings = [...plan.warnings, ...healthWarnings(desired, observed, rt.clock.now())];
  return {
    plan: { ...plan, warnings },
    drift: planHasChanges(plan) || planHasConflicts(plan),
    orphans: found,
  };
}
