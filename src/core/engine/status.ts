/**
 * Status: what is bound now, per domain — the binding (and its certificate), the DNS record at the name, the CDN
 * domain (and the certificate it serves), and what a resolver answers. Domains come from the query, from the buckets
 * asked about (every domain bound to them), or, with neither, from every record and CDN domain that carries an
 * oss-domains marker. Reads are the same batched reads as plan (no write), plus DescribeDomainCertificateInfo for
 * each CDN domain shown with HTTPS on; the DNS lookups are one per domain, against the resolver, not the APIs.
 */

import { inputError } from '../errors.js';
import type { DnsRecord, Observed, Verification } from '../model.js';
import {
  bucketDomain,
  checkDomainName,
  findZone,
  fqdn,
  normaliseDomain,
  normaliseRegion,
  relativeName,
} from '../names.js';
import { isMarkedRecord } from '../ownership.js';
import type { Runtime } from '../ports.js';
import { mapLimit } from './limit.js';
import { observe } from './observe.js';
import { parseBucketDomain } from './plan-remove.js';
import { recordsAt } from './records-at.js';
import { verifyDomain } from './verify.js';

export interface DomainStatus {
  domain: string;
  binding?: { bucket: string; region: string; certId?: string; certExpires?: string };
  record?: { zone: string; rr: string; type: string; value: string; owned: boolean };
  /** With HTTPS on, the certificate CDN serves (DescribeDomainCertificateInfo). */
  cdn?: { status: string; cname: string; https: boolean; certId?: string; certExpires?: string };
  verification?: Verification;
}

/** The record at `domain`'s name (its CNAME when it has one), in the zone that holds it. */
function recordAt(observed: Observed, domain: string): DnsRecord | undefined {
  const zone = findZone(domain, observed.zones);
  if (!zone) return undefined;
  const rr = relativeName(domain, zone);
  const recs = recordsAt(observed, zone, rr);
  return recs.find((r) => r.type === 'CNAME') ?? recs[0];
}

/** Every domain with a marker: a marked CNAME or a marked CDN domain. */
function markedDomains(observed: Observed): string[] {
  const out = new Set<string>();
  for (const [zone, recs] of observed.records)
    for (const r of recs) if (r.type === 'CNAME' && isMarkedRecord(r)) out.add(fqdn(r.rr, zone));
  for (const c of observed.cdn.values()) if (c.owner) out.add(normaliseDomain(c.domain));
  return [...out];
}

/**
 * What is bound now: for the given domains, or every domain bound to the given buckets (a bucket without its region
 * has it looked up with GetBucketLocation).
 */
export async function status(
  rt: Runtime,
  query: { domains?: string[]; buckets?: { name: string; region?: string }[] },
): Promise<DomainStatus[]> {
  for (const d of query.domains ?? []) {
    const problem = checkDomainName(d);
    if (problem) throw inputError(problem, 'InvalidDomainName');
  }
  const asked = (query.domains ?? []).map(normaliseDomain);
  const buckets = await Promise.all(
    (query.buckets ?? []).map(async (b) => ({
      bucket: b.name,
      region: b.region ? normaliseRegion(b.region) : await rt.oss.getBucketRegion(b.name),
    })),
  );
  const everything = asked.length === 0 && buckets.length === 0;
  const observed = await observe(
    rt,
    { owner: '', prune: false, domains: [], absent: [], scope: 'only' },
    { lookup: asked, buckets, allZones: everything || buckets.length > 0 },
  );

  const names = new Set(asked);
  for (const b of observed.bindings.values()) if (buckets.some((x) => x.bucket === b.bucket)) names.add(b.domain);
  if (everything) for (const d of markedDomains(observed)) names.add(d);

  const list = [...names].sort();
  return mapLimit(list, rt.tuning.concurrency, async (domain) => {
    const s: DomainStatus = { domain };
    const b = observed.bindings.get(domain);
    if (b)
      s.binding = {
        bucket: b.bucket,
        region: b.region,
        certId: b.certificate?.certId,
        certExpires: b.certificate?.validEndDate,
      };
    const r = recordAt(observed, domain);
    if (r)
      s.record = {
        zone: r.zone,
        rr: r.rr,
        type: r.type,
        value: r.value,
        owned: isMarkedRecord(r),
      };
    const c = observed.cdn.get(domain);
    if (c) {
      s.cdn = { status: c.status, cname: c.cname, https: c.sslProtocol === 'on' };
      if (c.sslProtocol === 'on') {
        const cert = await rt.cdn.getCertificate(domain);
        if (cert.certId) s.cdn.certId = cert.certId;
        if (cert.expires) s.cdn.certExpires = cert.expires;
      }
    }
    const expected =
      c?.cname ||
      (b ? bucketDomain(b.bucket, b.region) : undefined) ||
      (r?.type === 'CNAME' && parseBucketDomain(r.value) ? r.value : undefined);
    if (expected) s.verification = await verifyDomain(rt, domain, expected);
    return s;
  });
}
