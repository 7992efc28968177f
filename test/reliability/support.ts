/**
 * The reliability suite's world and its invariants.
 *
 * The world: two zones and two buckets holding things this tool must never touch (records without its marker, a
 * binding nobody declared, a CDN domain without its tag), plus one record of its own with a stale value. The desired
 * state: five domains covering every kind of step (plain, CDN with CDN's ownership proof, HTTPS, an update of our
 * own record, a second zone).
 *
 * The invariants, checked against the sandbox's world after every run:
 * - `foreignSnapshot` before == after: nothing without the marker changed (records compared field by field by id);
 * - `duplicates`: one binding per domain across every bucket, one CNAME and at most one `_dnsauth` TXT per name, no
 *   two identical records anywhere, one CDN domain;
 * - convergence: a fault-free plan has nothing left to do.
 */
import { createCdnAdapter } from '../../src/core/aliyun/cdn.js';
import { credentialSource } from '../../src/core/aliyun/credentials.js';
import { createDnsAdapter } from '../../src/core/aliyun/dns.js';
import { createOssAdapter } from '../../src/core/aliyun/oss.js';
import { createResolver } from '../../src/core/aliyun/resolver.js';
import { RateGovernor } from '../../src/core/calls/governor.js';
import { type DesiredState, desiredFromConfig, parseConfig, type Runtime, type Tuning } from '../../src/core/index.js';
import { accountLimits } from '../../src/core/limits.js';
import { defaultTuning } from '../../src/core/ports.js';
import type { Sandbox, SeedSpec } from '../../src/sandbox/index.js';

export const OWNER = 'web';
export const MARKER = `oss-domains:${OWNER}`;

export const SEED: SeedSpec = {
  timing: { ownershipDelayMs: 0, cdnOnlineDelayMs: 30, refreshCompleteMs: 30 },
  zones: [
    {
      name: 'abc.com',
      records: [
        { rr: '@', type: 'A', value: '203.0.113.10' },
        { rr: 'www', type: 'CNAME', value: 'abc.com' },
        { rr: '@', type: 'MX', value: 'mx1.abc.com' },
        { rr: '@', type: 'TXT', value: 'v=spf1 include:spf.abc.com -all' },
        { rr: 'legacy', type: 'CNAME', value: 'old-cdn.example.net' },
        { rr: 'assets', type: 'CNAME', value: 'abc-img.oss-cn-hangzhou.aliyuncs.com', remark: 'hand-made' },
        { rr: 'blog', type: 'CNAME', value: 'blog.example.org', remark: 'oss-domains:other-team' },
        { rr: 'stale', type: 'CNAME', value: 'old-bucket.oss-cn-hangzhou.aliyuncs.com', remark: MARKER },
      ],
    },
    { name: 'shop.net', records: [{ rr: '@', type: 'A', value: '198.51.100.7' }] },
  ],
  buckets: [
    { name: 'abc-img', region: 'cn-hangzhou', cnames: [{ domain: 'assets.abc.com' }] },
    { name: 'abc-shop', region: 'cn-hangzhou' },
  ],
  cdn: [{ domain: 'video.abc.com', origin: 'abc-vod.oss-cn-hangzhou.aliyuncs.com' }],
  certificates: [{ id: '12345', name: 'abc-wildcard', domains: ['abc.com', '*.abc.com'], validDays: 365 }],
};

export const CONFIG = `version: 1
owner: ${OWNER}
defaults:
  region: cn-hangzhou
domains:
  - domain: img.abc.com
    bucket: abc-img
  - domain: static.abc.com
    bucket: abc-img
    cdn: true
  - domain: secure.abc.com
    bucket: abc-img
    https:
      cert-id: "12345"
  - domain: stale.abc.com
    bucket: abc-shop
  - domain: m.shop.net
    bucket: abc-shop
`;

export const DECLARED = ['img.abc.com', 'static.abc.com', 'secure.abc.com', 'stale.abc.com', 'm.shop.net'];

/** Domains an earlier apply of this owner bound and the file no longer declares: `prune: true` must remove them. */
export const PRUNED = ['old.abc.com', 'oldcdn.abc.com'];

/** SEED plus what an earlier run left for PRUNED: a binding and owned records, and an owned CDN domain. */
export const PRUNE_SEED: SeedSpec = {
  ...SEED,
  zones: SEED.zones!.map((z) =>
    z.name !== 'abc.com'
      ? z
      : {
          ...z,
          records: [
            ...(z.records ?? []),
            { rr: 'old', type: 'CNAME', value: 'abc-img.oss-cn-hangzhou.aliyuncs.com', remark: MARKER },
            { rr: '_dnsauth.old', type: 'TXT', value: '0123456789abcdef0123456789abcdef', remark: MARKER },
            { rr: 'oldcdn', type: 'CNAME', value: 'oldcdn.abc.com.w.kunlunsl.com', remark: MARKER },
            { rr: '_dnsauth.oldcdn', type: 'TXT', value: 'fedcba9876543210fedcba9876543210', remark: MARKER },
          ],
        },
  ),
  buckets: SEED.buckets!.map((b) =>
    b.name !== 'abc-img'
      ? b
      : { ...b, cnames: [...(b.cnames ?? []), { domain: 'old.abc.com' }, { domain: 'oldcdn.abc.com' }] },
  ),
  cdn: [
    ...(SEED.cdn ?? []),
    { domain: 'oldcdn.abc.com', origin: 'abc-img.oss-cn-hangzhou.aliyuncs.com', tags: { 'oss-domains': OWNER } },
  ],
};

export const PRUNE_CONFIG = CONFIG.replace(`owner: ${OWNER}\n`, `owner: ${OWNER}\nprune: true\n`);

/** What is left of the PRUNED domains in the world (empty once they are gone). */
export function leftovers(sb: Sandbox): string[] {
  const out: string[] = [];
  for (const d of PRUNED) {
    for (const b of sb.world.buckets.values()) if (b.cnames.has(d)) out.push(`${d} still bound to ${b.name}`);
    if (sb.world.cdn.has(d)) out.push(`${d} still on CDN`);
    const rr = d.replace(/\.abc\.com$/, '');
    for (const r of sb.world.zones.get('abc.com')!.records.values())
      if (r.rr === rr || r.rr === `_dnsauth.${rr}`) out.push(`${d}: record ${r.rr} ${r.type} ${r.value} left`);
  }
  return out;
}

export function desired(text = CONFIG): DesiredState {
  const r = parseConfig(text, 'domains.yml');
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('\n'));
  return desiredFromConfig(r.config);
}

/** Waits short enough for a suite of hundreds of applies; retries generous enough to ride out heavy faults. */
export const FAST: Partial<Tuning> = {
  baseDelayMs: 2,
  maxDelayMs: 20,
  pollMs: 10,
  ownershipTimeoutMs: 3_000,
  cdnOnlineTimeoutMs: 3_000,
};

/**
 * The production adapters (official SDKs over HTTP) pointed at the sandbox, with a per-call timeout of `timeoutMs`
 * so that the sandbox's slow calls can outlast it, every request through the production rate governor.
 */
export function runtimeFor(sb: Sandbox, tuning: Partial<Tuning>, timeoutMs?: number): Runtime {
  const credential = credentialSource({ ...sb.env });
  const clock = { now: () => Date.now() };
  const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
  const progress = () => undefined;
  const all = { ...defaultTuning, ...tuning };
  const governor = new RateGovernor({ clock, sleep, progress, tuning: all, limits: accountLimits() });
  return {
    oss: createOssAdapter({ credential, endpoint: sb.env.OSS_DOMAINS_OSS_ENDPOINT, timeoutMs, governor }),
    dns: createDnsAdapter({ credential, endpoint: sb.env.OSS_DOMAINS_DNS_ENDPOINT, timeoutMs, governor }),
    cdn: createCdnAdapter({ credential, endpoint: sb.env.OSS_DOMAINS_CDN_ENDPOINT, timeoutMs, governor }),
    resolver: createResolver({ server: sb.env.OSS_DOMAINS_RESOLVER, timeoutMs: 500, tries: 1 }),
    clock,
    sleep,
    progress,
    tuning: all,
    governor,
  };
}

/**
 * Everything in the world that carries no marker of this owner: it must come out of any run exactly as it went in.
 * Bindings carry no marker; those of declared and PRUNED domains are this tool's (their records say so).
 */
export function foreignSnapshot(sb: Sandbox, declared: string[] = DECLARED): Record<string, unknown> {
  const w = sb.world;
  const records: Record<string, unknown> = {};
  for (const z of w.zones.values())
    for (const r of z.records.values())
      if (r.remark !== MARKER)
        records[`${z.name}/${r.recordId}`] = { rr: r.rr, type: r.type, value: r.value, ttl: r.ttl, remark: r.remark };
  const bindings: Record<string, string[]> = {};
  for (const b of w.buckets.values())
    bindings[b.name] = [...b.cnames.keys()].filter((d) => !declared.includes(d) && !PRUNED.includes(d)).sort();
  const cdn: Record<string, unknown> = {};
  for (const d of w.cdn.values())
    if (d.tags.get('oss-domains') !== OWNER)
      cdn[d.domain] = { sources: d.sources, status: d.status, tags: [...d.tags], ssl: d.ssl };
  return { records, bindings, cdn };
}

/** Every duplicate the world holds for the declared domains (empty when there is none). */
export function duplicates(sb: Sandbox, declared: string[] = DECLARED): string[] {
  const w = sb.world;
  const out: string[] = [];
  for (const d of declared) {
    const holders = [...w.buckets.values()].filter((b) => b.cnames.has(d)).map((b) => b.name);
    if (holders.length > 1) out.push(`${d} is bound to ${holders.join(' and ')}`);
  }
  for (const z of w.zones.values()) {
    const seen = new Map<string, number>();
    for (const r of z.records.values()) {
      const keys = [`${r.rr} ${r.type} ${r.value.toLowerCase()} ${r.line}`];
      if (r.type === 'CNAME') keys.push(`${r.rr} CNAME *`);
      if (r.type === 'TXT' && r.rr.startsWith('_dnsauth.')) keys.push(`${r.rr} TXT *`);
      for (const k of keys) seen.set(k, (seen.get(k) ?? 0) + 1);
    }
    for (const [k, n] of seen) if (n > 1) out.push(`${z.name}: ${n} records "${k}"`);
  }
  return out;
}

/** What the world says about one declared domain, for failure messages. */
export function describeDomain(sb: Sandbox, domain: string): string {
  const w = sb.world;
  const bound = [...w.buckets.values()].filter((b) => b.cnames.has(domain)).map((b) => b.name);
  const recs = [...w.zones.values()].flatMap((z) =>
    [...z.records.values()]
      .filter((r) => `${r.rr}.${z.name}` === domain || `${r.rr}.${z.name}` === `_dnsauth.${domain}`)
      .map((r) => `${r.rr} ${r.type} ${r.value} [${r.remark}]`),
  );
  return `${domain}: bound to [${bound.join(', ')}], records [${recs.join('; ')}], cdn ${w.cdn.get(domain)?.status ?? '-'}`;
}
