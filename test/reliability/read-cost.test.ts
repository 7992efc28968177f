/**
 * The benchmark's call-count targets as a regression test (counts are deterministic; times are left to
 * `npm run bench`): reading 1,000 domains over 10 buckets and 3 zones costs at most 20 API calls for bindings,
 * records and CDN domains, plus one GetBucketAcl per bucket, one DescribeCdnDomainConfigs per CDN domain and one
 * GetBucketWebsite per bucket that declares `website` (what makes a domain work as a site), and no write; the cost does not otherwise grow with the number of domains, and a
 * re-apply with nothing to do writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { benchApply } from '../../bench/apply.js';
import { benchReads } from '../../bench/reads.js';

describe('the cost of reading the world', () => {
  it('plan and drift of 1,000 domains: ≤ 20 calls plus one per bucket and per CDN domain, no write', async () => {
    const [small, large] = [await benchReads(10, 0, 1), await benchReads(1000, 0, 1)];
    for (const r of [...small, ...large]) {
      expect(r.inSync, `${r.command} of ${r.n}: the seeded world should be in sync`).toBe(true);
      expect(r.writes, `${r.command} of ${r.n} wrote`).toBe(0);
      const { GetBucketAcl: acls = 0, DescribeCdnDomainConfigs: edges = 0, GetBucketWebsite: sites = 0 } = r.byAction;
      expect(acls, 'one GetBucketAcl per bucket').toBe(Math.min(10, r.n));
      expect(edges, 'one DescribeCdnDomainConfigs per CDN domain').toBe(r.cdnDomains);
      expect(sites, 'one GetBucketWebsite per website bucket').toBe(r.websiteBuckets);
      expect(r.websiteBuckets).toBe(1);
      expect(acls + edges + sites).toBe(r.edgeCalls);
      expect(r.calls - r.edgeCalls, `${r.command} of ${r.n}: ${JSON.stringify(r.byAction)}`).toBeLessThanOrEqual(20);
      expect(r.byAction.ListCname, 'one ListCname per bucket').toBe(10);
    }
    // Only paging grows: 500 records per DescribeDomainRecords page, 3 zones.
    const plan1000 = large.find((r) => r.command === 'plan')!;
    expect(plan1000.byAction.DescribeDomainRecords).toBe(6);
    expect(plan1000.calls).toBeLessThan(plan1000.terraform.calls / 30);
  });

  it('apply of 30 new domains succeeds; the re-apply finds nothing to do and writes nothing', async () => {
    const a = await benchApply(30, 0, 10, { pollMs: 20 });
    expect(a.ok, `${a.failedSteps} steps failed`).toBe(true);
    expect(a.verified).toBe(30);
    expect(a.reapply).toMatchObject({ writes: 0, changes: false });
    // One GetBucketAcl per bucket and one DescribeCdnDomainConfigs per CDN domain (3 of the 30) on top.
    expect(a.reapply.calls).toBeLessThanOrEqual(20 + 10 + 3);
  });
});
