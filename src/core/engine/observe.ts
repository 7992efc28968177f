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
 *   when those were not read already: OSS has no "which bucket holds this domain" call;
 * - last, each resource's own `read` (src/core/resources), for what no other resource needs.
 *
 * The shared reads stay here, not in the resources: the binding, the CDN domain and the record all decide from the
 * same listings (a binding's evidence is a record or a CDN domain), and reading them once each is what keeps the
 * cost at O(buckets + zones).
 */
import type { CdnDomain, DesiredState, Observed } from '../model.js';
import { findZone, normaliseDomain, relativeName } from '../names.js';
import { verificationName } from '../ownership.js';
import type { Runtime } from '../ports.js';
import { RESOURCES } from '../resources/index.js';
import { type BucketRef, readBuckets, searchBindings } from './bindings.js';
import { mapLimit } from './limit.js';
import { orphans, parseBucketDomain } from './plan-remove.js';
import { recordsAt } from './records-at.js';

export interface ObserveOptions {
  /** Read the records of every zone (prune, drift), not only of zones that hold a domain of the request. */
  allZones?: boolean;
  /** Also find the buckets of these domains (status of domains that are not declared). */
  lookup?: string[];
  /** Also read these buckets' bindings (status of a bucket). */
  buckets?: { bucket: string; region: string }[];
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
  const declaredBuckets = bucketsOf(desired, opts);
  const removing = [...desired.absent, ...(opts.lookup ?? [])].map(normaliseDomain);

  const zonesAndRecords = (async () => {
    // Zone names are compared and used in their ASCII form, like every domain in the core.
    observed.zones = (await rt.dns.listZones()).map((z) => ({ ...z, name: normaliseDomain(z.name) }));
    const names = observed.zones.map((z) => z.name);
    const wanted = zonesToRead(desired, removing, names, opts.allZones === true);
    const lists = await mapLimit([...wanted], rt.tuning.concurrency, (z) => rt.dns.listRecords(z));
    [...wanted].forEach((z, i) => {
      observed.records.set(z, lists[i] ?? []);
    });
  })();
  const cdn = (async () => {
    for (const c of await rt.cdn.listDomains()) observed.cdn.set(normaliseDomain(c.domain), c);
  })();
  await Promise.all([zonesAndRecords, cdn, readBuckets(rt, [...declaredBuckets.values()], observed)]);

  // Domains to remove must be found wherever they are bound. Declared domains too: a binding on a bucket the file
  // no longer names (the entry's bucket was changed) is then a plan-time finding, not a CnameAlreadyExists at apply.
  // Bindings are not part of what makes an orphan (records and CDN domains are), so this list holds for the rest.
  const owned = desired.scope === 'file' ? orphans(observed, desired.owner) : [];
  const more = bucketsToRead([...removing, ...owned], desired, observed, declaredBuckets);
  await readBuckets(rt, [...more.values()], observed, true);

  // What nothing points at (a half-done unbind left the binding without its record): ask every bucket. Orphans are
  // only sought when they are about to be pruned; without prune they are merely reported.
  const seek = desired.prune ? [...removing, ...owned] : removing;
  const declared = new Set(desired.domains.map((d) => d.domain));
  await searchBindings(
    rt,
    [...new Set(seek)].filter((d) => !declared.has(d)),
    observed,
  );

  // Last, what only one resource needs (its `read`), once per bucket or CDN domain concerned, never per domain.
  await Promise.all(RESOURCES.map((r) => r.read?.(rt, desired, observed)));
  return observed;
}

// The loops over every declared domain are functions of their own: V8 then optimizes each loop as a whole function,
// instead of compiling `observe` mid-loop and again (twice) for the code after it.

/** The buckets to list: each declared domain's, and those asked for. */
function bucketsOf(desired: DesiredState, opts: ObserveOptions): Map<string, BucketRef> {
  const out = new Map<string, BucketRef>();
  for (const d of desired.domains) out.set(d.bucket, { bucket: d.bucket, region: d.region });
  for (const b of opts.buckets ?? []) out.set(b.bucket, b);
  return out;
}

/**
 * The zones whose records to read: every zone with `allZones`, else those that hold a declared or removed domain,
 * and the zone of CDN's ownership record `verification.<root>` too (the planner removes ours with the last CDN
 * domain under that root).
 */
function zonesToRead(desired: DesiredState, removing: string[], names: string[], allZones: boolean): Set<string> {
  const wanted = new Set<string>(allZones ? names : []);
  const known = new Set(names);
  const addZone = (z: string | undefined) => {
    if (z && known.has(z)) wanted.add(z);
  };
  for (const d of desired.domains) {
    if (d.dns !== 'alidns') continue;
    addZone(d.zone ? normaliseDomain(d.zone) : findZone(d.domain, names));
    addZone(findZone(verificationName(d.domain), names));
  }
  for (const d of removing) {
    addZone(findZone(d, names));
    addZone(findZone(verificationName(d), names));
  }
  return wanted;
}

/** Buckets that records or CDN origins of `domains` and of the declared domains point at, not listed yet. */
function bucketsToRead(
  domains: string[],
  desired: DesiredState,
  observed: Observed,
  declared: Map<string, BucketRef>,
): Map<string, BucketRef> {
  const more = new Map<string, BucketRef>();
  // A set: the orphans of a file are mostly its declared domains (each is looked at once).
  const all = new Set(domains);
  for (const d of desired.domains) all.add(d.domain);
  for (const d of all) {
    for (const ref of bucketsPointedAt(d, observed)) {
      if (!observed.bucketsRead.has(ref.bucket) && !declared.has(ref.bucket)) more.set(ref.bucket, ref);
    }
  }
  return more;
}

/** Buckets a domain's CNAME record or CDN origin points at. */
function bucketsPointedAt(domain: string, observed: Observed): BucketRef[] {
  const out: BucketRef[] = [];
  const zone = findZone(domain, observed.zones);
  const recs = zone ? recordsAt(observed, zone, relativeName(domain, zone)) : [];
  for (const r of recs) {
    if (r.type !== 'CNAME') continue;
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
