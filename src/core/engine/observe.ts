/**
 * Reading the world in O(buckets + zones) calls, never one per domain, and never a write (CreateCnameToken is a
 * write; it is not called here). The calls run concurrently:
 *
 * - DescribeDomains (every page) → the zones; then DescribeDomainRecords (every page) of each zone that holds a
 *   declared or absent domain — or of every zone, with `allZones` (prune, drift: orphans can be anywhere);
 * - the CDN domains of the account with their owner tags (the adapter pages DescribeUserDomains and the tag
 *   listing: two calls, whatever the number of domains);
 * - ListCname once per declared bucket; a bucket that does not exist is left out of `bucketsRead` (the planner
 *   turns that into a conflict on its domains instead of failing the whole plan);
 * - then, for domains to remove (absent, orphans), ListCname of the buckets their records or CDN origins point at,
 *   when those were not read already: OSS has no "which bucket holds this domain" call.
 */
import { CloudError } from '../errors.js';
import type { Binding, CdnDomain, DesiredState, DnsRecord, Observed } from '../model.js';
import { findZone, normaliseDomain, relativeName } from '../names.js';
import type { Runtime } from '../ports.js';
import { mapLimit } from './limit.js';
import { orphans, parseBucketDomain } from './plan.js';

export interface ObserveOptions {
  /** Read the records of every zone (prune, drift), not only of zones that hold a domain of the request. */
  allZones?: boolean;
  /** Also find the buckets of these domains (status of domains that are not declared). */
  lookup?: string[];
  /** Also read these buckets' bindings (status of a bucket). */
  buckets?: { bucket: string; region: string }[];
}

type BucketRef = { bucket: string; region: string };

async function readBuckets(rt: Runtime, refs: BucketRef[], into: Observed): Promise<void> {
  await mapLimit(refs, rt.tuning.concurrency, async ({ bucket, region }) => {
    let list: Binding[];
    try {
      list = await rt.oss.listCnames(bucket, region);
    } catch (e) {
      if (e instanceof CloudError && e.code === 'NoSuchBucket') return;
      throw e;
    }
    into.bucketsRead.add(bucket);
    for (const b of list) into.bindings.set(normaliseDomain(b.domain), { ...b, bucket, region: b.region || region });
  });
}

/** Reads what the planner needs for `desired`. */
export async function observe(rt: Runtime, desired: DesiredState, opts: ObserveOptions = {}): Promise<Observed> {
  const observed: Observed = {
    zones: [],
    bindings: new Map(),
    bucketsRead: new Set(),
    records: new Map(),
    cdn: new Map(),
  };
  const declaredBuckets = new Map<string, BucketRef>();
  for (const d of desired.domains) declaredBuckets.set(d.bucket, { bucket: d.bucket, region: d.region });
  for (const b of opts.buckets ?? []) declaredBuckets.set(b.bucket, b);
  const removing = [...desired.absent, ...(opts.lookup ?? [])].map(normaliseDomain);

  const zonesAndRecords = (async () => {
    // Zone names are compared and used in their ASCII form, like every domain in the core.
    observed.zones = (await rt.dns.listZones()).map((z) => ({ ...z, name: normaliseDomain(z.name) }));
    const names = observed.zones.map((z) => z.name);
    const wanted = new Set<string>();
    if (opts.allZones) for (const z of names) wanted.add(z);
    for (const d of desired.domains) {
      if (d.dns !== 'alidns') continue;
      const z = d.zone ? normaliseDomain(d.zone) : findZone(d.domain, names);
      if (z && names.includes(z)) wanted.add(z);
    }
    for (const d of removing) {
      const z = findZone(d, names);
      if (z) wanted.add(z);
    }
    const lists = await mapLimit([...wanted], rt.tuning.concurrency, (z) => rt.dns.listRecords(z));
    [...wanted].forEach((z, i) => {
      observed.records.set(z, lists[i] ?? []);
    });
  })();
  const cdn = (async () => {
    for (const c of await rt.cdn.listDomains()) observed.cdn.set(normaliseDomain(c.domain), c);
  })();
  await Promise.all([zonesAndRecords, cdn, readBuckets(rt, [...declaredBuckets.values()], observed)]);

  const toFind = new Set(removing);
  if (desired.scope === 'file') for (const d of orphans(observed, desired.owner)) toFind.add(d);
  const more = new Map<string, BucketRef>();
  for (const d of toFind) {
    for (const ref of bucketsPointedAt(d, observed)) {
      if (!observed.bucketsRead.has(ref.bucket) && !declaredBuckets.has(ref.bucket)) more.set(ref.bucket, ref);
    }
  }
  await readBuckets(rt, [...more.values()], observed);
  return observed;
}

/** Buckets a domain's CNAME record or CDN origin points at. */
function bucketsPointedAt(domain: string, observed: Observed): BucketRef[] {
  const out: BucketRef[] = [];
  const zone = findZone(domain, observed.zones);
  const recs: DnsRecord[] = zone ? (observed.records.get(zone) ?? []) : [];
  const rr = zone ? relativeName(domain, zone) : undefined;
  for (const r of recs) {
    if (r.rr !== rr || r.type !== 'CNAME') continue;
    const ref = parseBucketDomain(r.value);
    if (ref) out.push(ref);
  }
  const c: CdnDomain | undefined = observed.cdn.get(domain);
  for (const s of c?.sources ?? []) {
    const ref = parseBucketDomain(s.content);
    if (ref) out.push(ref);
  }
  return out;
}
