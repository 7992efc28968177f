/**
 * The planner's removals (see the algorithm in plan.ts): unbinding absent domains and pruning orphans, touching only
 * what carries our marker, plus the helpers that recognise our things in what was read.
 */
import type { Binding, DnsRecord, DomainPlan, Observed, Step, Warning } from '../model.js';
import { displayDomain, findZone, fqdn, normaliseDomain, relativeName, rootDomain } from '../names.js';
import {
  bindingEvidence,
  describeOwner,
  dnsauthDomain,
  dnsauthRR,
  isOwnCdn,
  isOwnRecord,
  remarkOwner,
  verificationName,
} from '../ownership.js';
import { deleteRecordStep, describeRecord } from '../resources/record.js';
import { recordsAt } from './records-at.js';

/** `abc-img.oss-cn-hangzhou.aliyuncs.com` → bucket and region; anything else → undefined. */
export function parseBucketDomain(host: string): { bucket: string; region: string } | undefined {
  const m = host.toLowerCase().match(/^([a-z0-9][a-z0-9-]{1,61}[a-z0-9])\.oss-([a-z0-9-]+)\.aliyuncs\.com\.?$/);
  return m ? { bucket: m[1]!, region: m[2]! } : undefined;
}

/** Domains that carry our marker somewhere in what was read: a CNAME, a `_dnsauth` TXT, a CDN domain. */
export function orphans(observed: Observed, owner: string): string[] {
  const found = new Set<string>();
  for (const [zone, recs] of observed.records) ownedAtZone(found, zone, recs, owner);
  for (const c of observed.cdn.values()) if (isOwnCdn(c, owner)) found.add(c.domain);
  return [...found].sort();
}

/** Adds the domains `owner`'s records in one zone stand for (the loop over a zone's records on its own, for V8). */
function ownedAtZone(found: Set<string>, zone: string, recs: readonly DnsRecord[], owner: string): void {
  for (const r of recs) {
    if (!isOwnRecord(r, owner)) continue;
    if (r.type === 'CNAME') found.add(fqdn(r.rr, zone));
    else {
      const proved = dnsauthDomain(r, zone);
      if (proved) found.add(proved);
    }
  }
}

/** What `owner` still manages for `d` (for the orphan warning): its record, its `_dnsauth` TXT, its CDN domain. */
export function ownedThings(d: string, observed: Observed, zones: string[], owner: string): string[] {
  const out: string[] = [];
  const zone = findZone(d, zones);
  if (zone) {
    for (const r of recordsAt(observed, zone, relativeName(d, zone)))
      if (isOwnRecord(r, owner)) out.push(`the ${r.type} record`);
    for (const r of recordsAt(observed, zone, dnsauthRR(d, zone)))
      if (isOwnRecord(r, owner)) out.push('the _dnsauth TXT record');
  }
  if (isOwnCdn(observed.cdn.get(d), owner)) out.push('the CDN domain');
  return out;
}

/**
 * The plan that removes `D` (unbind, or prune of an orphan), in this order: the binding, `owner`'s records at D, its
 * CDN domain, its `_dnsauth` TXT. The binding goes only with evidence that it is `owner`'s (ownership.ts), and it
 * goes first, while the record or CDN domain that is the evidence still stands: an unbind that fails half-way then
 * leaves the evidence for the next run, which finishes it. What is not `owner`'s becomes a warning. `explicit` (an
 * unbind) also warns when no binding was found.
 */
export function planRemoval(
  D: string,
  observed: Observed,
  zones: string[],
  owner: string,
  warnings: Warning[],
  explicit: boolean,
): DomainPlan {
  const steps: Step[] = [];
  const zone = findZone(D, zones);
  const rr = zone ? relativeName(D, zone) : undefined;
  const auth = zone ? dnsauthRR(D, zone) : undefined;
  const atName = zone && rr ? [...recordsAt(observed, zone, rr)] : [];
  const c = observed.cdn.get(D);
  const ownTxt = (zone && auth ? recordsAt(observed, zone, auth) : []).filter(
    (r) => r.type === 'TXT' && isOwnRecord(r, owner),
  );

  const b = observed.bindings.get(D);
  const evidence = b ? bindingEvidence(b, atName, c, owner) : undefined;
  if (b && evidence) steps.push({ kind: 'unbind', domain: D, bucket: b.bucket, region: b.region, evidence });
  else if (b) warnings.push(bindingKept(D, b, owner));

  for (const r of atName) {
    if (isOwnRecord(r, owner)) steps.push(deleteRecordStep(D, zone!, r));
    else warnings.push(recordKept(D, r));
  }
  if (c && isOwnCdn(c, owner)) steps.push({ kind: 'delete-cdn', domain: D, owner: c.owner });
  else if (c)
    warnings.push({
      domain: D,
      code: 'cdn-kept',
      message: `the CDN domain ${D} is not managed by this owner; it was left in place`,
    });
  if (!b && explicit) warnings.push(bindingUnknown(D, observed, steps.length > 0 || ownTxt.length > 0));
  for (const r of ownTxt) steps.push(deleteRecordStep(D, zone!, r));
  return { domain: D, display: displayDomain(D), action: steps.length > 0 ? 'delete' : 'noop', steps, conflicts: [] };
}

function recordKept(D: string, r: DnsRecord): Warning {
  const other = remarkOwner(r.remark);
  return {
    domain: D,
    code: 'record-kept',
    message: `the record ${describeRecord(r)} at ${D} is ${describeOwner(r.remark)}; it was left in place${
      other !== undefined ? ` (remove the domain as owner "${other}" to delete it)` : ''
    }`,
  };
}

function bindingKept(D: string, b: Binding, owner: string): Warning {
  return {
    domain: D,
    code: 'binding-kept',
    message: `${D} stays bound to the bucket ${b.bucket} (${b.region}): nothing shows the binding is owner "${owner}"'s (no DNS record or CDN domain of this owner points at ${b.bucket}); if it is yours, remove it in the OSS console (Bucket → Domain Names)`,
  };
}

function bindingUnknown(D: string, observed: Observed, leftovers: boolean): Warning {
  return {
    domain: D,
    code: 'binding-unknown',
    message: observed.allBucketsRead
      ? leftovers
        ? `no bucket of this account has ${D} bound; only what oss-domains left around it is removed`
        : `nothing to unbind: no bucket of this account has ${D} bound, and no DNS record or CDN domain of oss-domains was found for it`
      : `no bucket read shows ${D} bound, and this account's buckets could not all be read; if it is bound, remove it in the OSS console (OSS cannot look a domain up by name)`,
  };
}

/**
 * CDN's ownership record `verification.<root>` is needed only while a CDN domain under that root is being added.
 * Ours (the TXT this tool wrote for VerifyDomainOwner) goes with our last CDN domain under the root: when the plan
 * deletes a CDN domain there, adds none there, and leaves no other CDN domain of ours there. The deletion joins the
 * plan of a domain whose CDN domain is deleted; the record is not needed to delete anything, so the order is free.
 */
export function removeVerificationRecords(
  plans: DomainPlan[],
  observed: Observed,
  zones: string[],
  owner: string,
): void {
  const deleting = new Map<string, DomainPlan>();
  const deleted = new Set<string>();
  const adding = new Set<string>();
  for (const p of plans)
    for (const s of p.steps) {
      if (s.kind === 'delete-cdn') {
        deleting.set(rootDomain(s.domain), p);
        deleted.add(s.domain);
      } else if (s.kind === 'create-cdn') adding.add(rootDomain(s.domain));
    }
  for (const [root, p] of deleting) {
    if (adding.has(root)) continue;
    const stays = [...observed.cdn.values()].some((c) => {
      const d = normaliseDomain(c.domain);
      return isOwnCdn(c, owner) && !deleted.has(d) && rootDomain(d) === root;
    });
    const name = verificationName(root);
    const zone = findZone(name, zones);
    if (stays || !zone) continue;
    const rr = relativeName(name, zone);
    for (const r of recordsAt(observed, zone, rr))
      if (r.type === 'TXT' && isOwnRecord(r, owner)) p.steps.push(deleteRecordStep(p.domain, zone, r));
  }
}
