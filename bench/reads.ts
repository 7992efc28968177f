/**
 * Reading the world: `plan` and `drift` of N declared domains (10 buckets, one of them with a `website`, 3 zones,
 * every 10th domain on CDN) against a cloud that is already in sync, next to what the Terraform provider's
 * per-resource reads would cost for the same domains. The shared reads are O(buckets + zones); what makes a domain
 * work as a site costs one call per CDN domain (its edge configuration), per bucket that declares `website`, and per
 * bucket read anonymously (its ACL), never one per domain otherwise.
 *
 * The Terraform model (issue 7): refreshing an OSS-served domain reads 4 resources — the CNAME token
 * (CreateCnameToken), the `_dnsauth` TXT and the CNAME record (DescribeDomainRecordInfo each) and the bucket binding
 * (ListCname) — and a CDN-served one 7. Each read is one API round trip, and Terraform refreshes 10 resources at a
 * time (`-parallelism=10`), so its wall time is modelled as ceil(calls / 10) × latency: a lower bound that leaves out
 * Terraform's own work and the provider's extra describe calls.
 */
import { desiredFromConfig, drift, type Plan, parseConfig, plan, planHasChanges } from '../src/core/index.js';
import { benchSandbox, byAction, median, round, timed } from './measure.js';
import { BENCH_WEBSITE, benchDomains, configYaml, convergedWorld } from './world.js';

/** The reads that are one per CDN domain or per bucket concerned (issue 15), apart from the shared ones. */
export const EDGE_READS = [
  'DescribeCdnDomainConfigs',
  'DescribeDomainCertificateInfo',
  'GetBucketWebsite',
  'GetBucketAcl',
] as const;

export const TERRAFORM_PARALLELISM = 10;
export const TF_CALLS_OSS = 4;
export const TF_CALLS_CDN = 7;

export interface ReadResult {
  n: number;
  cdnDomains: number;
  /** Buckets whose domains declare `website`. */
  websiteBuckets: number;
  /** Of `calls`, the EDGE_READS. */
  edgeCalls: number;
  command: 'plan' | 'drift';
  calls: number;
  callsPerDomain: number;
  byAction: Record<string, number>;
  writes: number;
  /** Median of `repeat` runs after one warm-up plan (the first run of a process also pays for JIT and sockets). */
  wallMs: number;
  runsMs: number[];
  inSync: boolean;
  terraform: { calls: number; modelledWallMs: number };
}

export async function benchReads(n: number, latencyMs: number, repeat = 3): Promise<ReadResult[]> {
  const domains = benchDomains(n, { websiteBuckets: 1 });
  const parsed = parseConfig(configYaml(domains), 'domains.yml');
  if (!parsed.ok) throw new Error(`the generated domains.yml is invalid: ${parsed.issues[0]?.message}`);
  const desired = desiredFromConfig(parsed.config);
  const env = await benchSandbox(convergedWorld(domains), latencyMs, { dns: false });
  const websiteBuckets = [...new Set(domains.filter((d) => d.website).map((d) => d.bucket))];
  for (const b of websiteBuckets) env.sb.world.buckets.get(b)!.website = structuredClone(BENCH_WEBSITE);
  const cdnDomains = domains.filter((d) => d.cdn).length;
  const tfCalls = (n - cdnDomains) * TF_CALLS_OSS + cdnDomains * TF_CALLS_CDN;
  const terraform = {
    calls: tfCalls,
    modelledWallMs: Math.ceil(tfCalls / TERRAFORM_PARALLELISM) * latencyMs,
  };
  const out: ReadResult[] = [];
  try {
    await plan(env.rt, desired);
    for (const command of ['plan', 'drift'] as const) {
      const runs: { value: Plan; ms: number }[] = [];
      for (let i = 0; i < repeat; i++) {
        env.sb.control.clearCalls();
        runs.push(
          await timed(async () => (command === 'plan' ? plan(env.rt, desired) : (await drift(env.rt, desired)).plan)),
        );
      }
      const { value } = runs.at(-1)!;
      const calls = env.sb.control.calls();
      const edge = new Set<string>(EDGE_READS);
      out.push({
        n,
        cdnDomains,
        websiteBuckets: websiteBuckets.length,
        edgeCalls: calls.filter((c) => edge.has(c.action)).length,
        command,
        calls: calls.length,
        callsPerDomain: round(calls.length / n, 3),
        byAction: byAction(calls),
        writes: calls.filter((c) => c.write).length,
        wallMs: round(median(runs.map((r) => r.ms))),
        runsMs: runs.map((r) => round(r.ms)),
        inSync: !planHasChanges(value),
        terraform,
      });
    }
  } finally {
    await env.stop();
  }
  return out;
}
