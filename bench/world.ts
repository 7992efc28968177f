/**
 * Synthetic worlds for the benchmarks: N domains spread over 10 buckets and 3 Alidns zones, every 10th one behind
 * CDN, written both as a domains.yml (the desire) and as a sandbox seed of the converged cloud (what `apply` leaves
 * behind: bindings, owned CNAME and `_dnsauth` TXT records, owned CDN domains), plus records that belong to someone
 * else in every zone, and each CDN domain with the back-to-origin Host apply sets. Seeding the converged state directly keeps the 1,000-domain case quick to build; `converged`
 * checks with a real plan that the seed really is what the tool considers in sync.
 */
import type { SeedSpec } from '../src/sandbox/index.js';

export const OWNER = 'bench';
export const ZONES = ['shop-bench.com', 'media-bench.net', 'docs-bench.org'];
export const BUCKETS = Array.from({ length: 10 }, (_, i) => `bench-assets-${i}`);
export const REGION = 'cn-hangzhou';

/** How many buckets and zones a world spreads its domains over (default 10 and 3). */
export interface WorldShape {
  buckets: number;
  zones: number;
}

const DEFAULT_SHAPE: WorldShape = { buckets: BUCKETS.length, zones: ZONES.length };

/** The zones of a shape: the three above, then `zone<i>-bench.com`. */
export const zonesOf = (shape: WorldShape = DEFAULT_SHAPE): string[] =>
  Array.from({ length: shape.zones }, (_, i) => ZONES[i] ?? `zone${i}-bench.com`);
export const bucketsOf = (shape: WorldShape = DEFAULT_SHAPE): string[] =>
  Array.from({ length: shape.buckets }, (_, i) => `bench-assets-${i}`);

export interface BenchDomain {
  domain: string;
  zone: string;
  rr: string;
  bucket: string;
  cdn: boolean;
  /** Declares `website: { index: index.html }` (every domain of its bucket does, as a bucket has one website). */
  website?: boolean;
}

/** Domain i of a world: `s<i>.<zone>`, zone i mod zones, bucket i mod buckets, CDN for every 10th. */
export function benchDomains(
  n: number,
  opts: { cdnEvery?: number; prefix?: string; shape?: WorldShape; websiteBuckets?: number } = {},
): BenchDomain[] {
  const every = opts.cdnEvery ?? 10;
  const prefix = opts.prefix ?? 's';
  const zones = zonesOf(opts.shape);
  const buckets = bucketsOf(opts.shape);
  return Array.from({ length: n }, (_, i) => {
    const zone = zones[i % zones.length]!;
    const rr = `${prefix}${i}`;
    return {
      domain: `${rr}.${zone}`,
      zone,
      rr,
      bucket: buckets[i % buckets.length]!,
      cdn: every > 0 && i % every === 0,
      ...(i % buckets.length < (opts.websiteBuckets ?? 0) ? { website: true } : {}),
    };
  });
}

export const bucketHost = (bucket: string): string => `${bucket}.oss-${REGION}.aliyuncs.com`;

/** The domains.yml declaring `domains`. */
export function configYaml(domains: BenchDomain[], extra = ''): string {
  const lines = [`version: 1`, `owner: ${OWNER}`, extra, `defaults:`, `  region: ${REGION}`, `domains:`];
  for (const d of domains) {
    lines.push(`  - domain: ${d.domain}`, `    bucket: ${d.bucket}`);
    if (d.cdn) lines.push(`    cdn: true`);
    if (d.website) lines.push(`    website: { index: index.html }`);
  }
  return `${lines.filter((l) => l !== '').join('\n')}\n`;
}

/** Records nobody declared: the tool must read past them and never touch them. */
function foreignRecords(zone: string): NonNullable<NonNullable<SeedSpec['zones']>[number]['records']> {
  return [
    { rr: '@', type: 'A', value: '203.0.113.10' },
    { rr: 'www', type: 'CNAME', value: zone },
    { rr: '@', type: 'MX', value: `mx.${zone}` },
    { rr: '@', type: 'TXT', value: 'v=spf1 -all' },
  ];
}

/** The empty world the domains will be applied to: buckets, zones, foreign records, no bindings. */
export function emptyWorld(shape?: WorldShape): SeedSpec {
  const zones = zonesOf(shape);
  return {
    // Public-read, as buckets that serve a site are: a private one is a plan warning (every anonymous read is 403).
    buckets: bucketsOf(shape).map((name) => ({ name, region: REGION, acl: 'public-read' as const })),
    zones: zones.map((name) => ({ name, records: foreignRecords(name) })),
    cdnVerifiedRoots: zones,
  };
}

/** The world after a successful apply of `domains`. */
export function convergedWorld(domains: BenchDomain[], shape?: WorldShape): SeedSpec {
  const world = emptyWorld(shape);
  const marker = `oss-domains:${OWNER}`;
  const buckets = new Map(world.buckets!.map((b) => [b.name, b]));
  const zones = new Map(world.zones!.map((z) => [z.name, z]));
  for (const d of domains) {
    const bucket = buckets.get(d.bucket)!;
    bucket.cnames ??= [];
    bucket.cnames.push({ domain: d.domain });
    const zone = zones.get(d.zone)!;
    const target = d.cdn ? `${d.domain}.w.kunlunsl.com` : bucketHost(d.bucket);
    zone.records!.push(
      { rr: d.rr, type: 'CNAME', value: target, remark: marker },
      { rr: `_dnsauth.${d.rr}`, type: 'TXT', value: tokenFor(d.domain), remark: marker },
    );
    if (d.cdn) {
      world.cdn ??= [];
      world.cdn.push({
        domain: d.domain,
        origin: bucketHost(d.bucket),
        tags: { 'oss-domains': OWNER },
        // What apply sets on every CDN domain: its own name as the back-to-origin Host.
        functions: { set_req_host_header: { domain_name: d.domain } },
      });
    }
  }
  return world;
}

/**
 * The website configuration apply gives a bucket whose domains declare `website: { index: index.html }`, as the
 * sandbox stores it (the seed format has no website; set it on the running sandbox's world).
 */
export const BENCH_WEBSITE = { index: { suffix: 'index.html', supportSubDir: true, type: 0 as const } };

/** A stable 32-hex stand-in for the CNAME token that proved ownership. */
function tokenFor(domain: string): string {
  let h = 2166136261;
  for (const c of domain) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0').repeat(4);
}
