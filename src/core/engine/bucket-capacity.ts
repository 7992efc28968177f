/**
 * OSS binds at most 100 custom domains to one bucket by default (the OSS documentation's limits for custom domain
 * names); PutCname fails beyond that. The plan cannot raise the quota, but it can say before apply that a bucket
 * would pass it, so the user spreads the domains over buckets or asks for more first. A warning, not a conflict:
 * the quota can be raised for an account.
 */
import type { DomainPlan, Observed, Warning } from '../model.js';

/** OSS's documented default limit of custom domains per bucket. */
export const OSS_DOMAINS_PER_BUCKET = 100;

/**
 * One `bucket-domain-limit` warning per bucket that this plan binds domains to and that would then hold more than
 * the limit: what is bound now (as read), plus the plan's `bind` steps, minus its `unbind` steps.
 */
export function bucketCapacityWarnings(domains: DomainPlan[], observed: Observed): Warning[] {
  const held = new Map<string, Set<string>>();
  const of = (bucket: string): Set<string> => {
    const set = held.get(bucket) ?? new Set<string>();
    held.set(bucket, set);
    return set;
  };
  for (const b of observed.bindings.values()) of(b.bucket).add(b.domain);
  const now = new Map([...held].map(([bucket, set]) => [bucket, set.size]));
  const gaining = new Map<string, number>();
  for (const d of domains) {
    for (const s of d.steps) {
      if (s.kind === 'unbind') of(s.bucket).delete(s.domain);
      if (s.kind === 'bind' && !of(s.bucket).has(s.domain)) {
        of(s.bucket).add(s.domain);
        gaining.set(s.bucket, (gaining.get(s.bucket) ?? 0) + 1);
      }
    }
  }
  const warnings: Warning[] = [];
  for (const [bucket, added] of gaining) {
    const total = held.get(bucket)!.size;
    if (total <= OSS_DOMAINS_PER_BUCKET) continue;
    warnings.push({
      domain: bucket,
      code: 'bucket-domain-limit',
      message:
        `bucket ${bucket} would hold ${total} custom domains (${now.get(bucket) ?? 0} bound now, ${added} to bind), ` +
        `more than the ${OSS_DOMAINS_PER_BUCKET} OSS allows per bucket by default: PutCname will fail past that; ` +
        'spread the domains over more buckets, or have the quota raised for your account first',
    });
  }
  return warnings;
}
