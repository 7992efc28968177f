/**
 * The planner: a PURE function of (desired, observed) → Plan. No I/O, no clock; apply executes the result and
 * nothing else, so "dry run" is simply plan-and-render.
 *
 * For every declared domain D (bucket B in region R, target T = `B.oss-R.aliyuncs.com`), in file order:
 *
 *  0. Zone (`dns: alidns`): `zone:` or the longest Alidns zone of the account containing D. None → conflict
 *     `no-zone`; D is the zone's apex → conflict `apex` (a CNAME cannot sit beside the zone's SOA/NS). The bucket must
 *     have been readable → else conflict `no-bucket`.
 *  1. Binding: not bound anywhere we read → `bind` (ownership proof + PutCname, with the certificate when `https`).
 *     Bound to B → with `https`, `set-oss-cert` when the certificate differs (absent `https` leaves a certificate
 *     alone: removing HTTPS is never inferred), but only with evidence that the binding is ours (ownership.ts: our
 *     CNAME or our CDN domain points at B) or `takeover`; else conflict `binding-not-owned`. Bound to another bucket
 *     we read → an `unbind` there first with the same evidence (the entry's bucket was changed: a move) or
 *     `takeover`, else conflict `bound-elsewhere` naming it. (Bound to a bucket nothing points at surfaces at apply
 *     as CnameAlreadyExists, which names it.)
 *  2. CDN (`cdn`): absent → `create-cdn` (+ `set-cdn-cert` with `https`) and T becomes `cdn:D`, the CNAME CDN will
 *     assign, resolved at apply. Present: its origin must be B's domain (else conflict `cdn-origin-mismatch`: the
 *     port cannot rewrite origins); not tagged with our owner → conflict `foreign-cdn`, or with `takeover` a
 *     `create-cdn` with `takeover` that tags it; `offline` → `start-cdn`; `https` but SSL off → `set-cdn-cert`.
 *     T becomes the CNAME CDN reports (a record step towards it while the domain is not online carries `cdn:D`, so
 *     apply waits for online before sending traffic there).
 *  3. DNS record at D's name: see `decideRecord` (create / nothing / adopt / update / conflict / takeover).
 *     `dns: none` → a `manual-record` step whenever D has other changes (its target may be new).
 *  4. No `cdn` but a CDN domain of ours exists → `delete-cdn`, after the record has moved to the bucket.
 *  A domain with any conflict gets no steps at all: half a binding is worse than none.
 *
 * For every absent domain (unbind), and every orphan when `prune` is on (plan-remove.ts): DeleteCname on the bucket
 * we saw it bound to — only with evidence that the binding is ours, taken while that evidence still stands —, then
 * our records at D, our CDN domain, our `_dnsauth` TXT. Bindings, records and CDN domains that are not ours are left
 * and named in a warning. When the plan deletes our last CDN domain under a root, our `verification.<root>` TXT
 * (CDN's ownership proof) goes too. Orphans are domains not declared for which we find our marker (a CNAME, a
 * `_dnsauth` TXT or a CDN domain) in what was read; without `prune` they become warnings. Scope `only` (bind/unbind)
 * looks at nothing but its own domains: a one-domain command never prunes the rest of the account.
 */
import type {
  CdnDomain,
  Conflict,
  DesiredState,
  DnsRecord,
  DomainPlan,
  DomainSpec,
  Observed,
  Plan,
  Step,
  Warning,
} from '../model.js';
import { bucketDomain, findZone, inZone, normaliseDomain, relativeName, sameHost } from '../names.js';
import { bindingEvidence, isOwnCdn, verificationName } from '../ownership.js';
import { decideRecord } from './plan-records.js';
import { orphans, ownedThings, planRemoval, removeVerificationRecords } from './plan-remove.js';

/** `12345-cn-hangzhou` (as OSS reports it) and `12345` (as written in domains.yml) are the same certificate. */
export const certNumber = (id: string | undefined): string | undefined => id?.match(/^(\d+)(-|$)/)?.[1] ?? id;

/**
 * The certificate id as OSS wants it in PutCname: `<id>-<region>` (CAS certificates live in cn-hangzhou unless the
 * file named another region). CDN takes the bare numeric id.
 */
export const ossCertId = (https: { certId: string; region?: string }): string =>
  /-/.test(https.certId) ? https.certId : `${https.certId}-${https.region ?? 'cn-hangzhou'}`;

export function computePlan(desired: DesiredState, observed: Observed): Plan {
  const zones = observed.zones.map((z) => z.name);
  const domains: DomainPlan[] = [];
  const warnings: Warning[] = [];
  const declared = new Set(desired.domains.map((d) => d.domain));

  for (const spec of desired.domains) domains.push(planDeclared(spec, desired, observed, zones));

  const absent = [...new Set(desired.absent.map(normaliseDomain))].filter((d) => !declared.has(d));
  for (const d of absent) domains.push(planRemoval(d, observed, zones, desired.owner, warnings, true));

  if (desired.scope === 'file') {
    for (const d of orphans(observed, desired.owner)) {
      if (declared.has(d) || absent.includes(d)) continue;
      if (desired.prune) domains.push(planRemoval(d, observed, zones, desired.owner, warnings, false));
      else
        warnings.push({
          domain: d,
          code: 'orphan',
          message: `${d} is no longer declared, but oss-domains (owner "${desired.owner}") still manages ${ownedThings(d, observed, zones, desired.owner).join(', ')}; set "prune: true" to remove them, or declare the domain again`,
        });
    }
  }
  removeVerificationRecords(domains, observed, zones, desired.owner);
  return { owner: desired.owner, domains, warnings };
}

function finish(p: Omit<DomainPlan, 'action'>, bound: boolean): DomainPlan {
  if (p.conflicts.length > 0) return { ...p, steps: [], action: 'conflict' };
  if (p.steps.length === 0) return { ...p, action: 'noop' };
  return { ...p, action: bound ? 'update' : 'create' };
}

/** What the decisions for one declared domain share: its spec, what was read, and the plan being built. */
interface DomainContext {
  spec: DomainSpec;
  owner: string;
  observed: Observed;
  zones: string[];
  steps: Step[];
  conflict: (c: Omit<Conflict, 'domain' | 'pos'>) => void;
}

function planDeclared(spec: DomainSpec, desired: DesiredState, observed: Observed, zones: string[]): DomainPlan {
  const D = spec.domain;
  const steps: Step[] = [];
  const conflicts: Conflict[] = [];
  const ctx: DomainContext = {
    spec,
    owner: desired.owner,
    observed,
    zones,
    steps,
    conflict: (c) => conflicts.push({ domain: D, pos: spec.pos, ...c }),
  };
  const { zone, rr } = decideZone(ctx);
  const c = observed.cdn.get(D);
  const ours = isOwnCdn(c, desired.owner);
  const atName = zone && rr ? (observed.records.get(zone) ?? []).filter((r) => r.rr === rr) : [];
  const bound = decideBinding(ctx, zone, atName);
  const target = decideCdn(ctx, c, ours);

  // 3. DNS record.
  if (zone && rr && rr !== '@') {
    const d = decideRecord(atName, {
      domain: D,
      zone,
      rr,
      target,
      ttl: spec.ttl,
      takeover: spec.takeover,
      owner: ctx.owner,
    });
    if (d.conflict) ctx.conflict(d.conflict);
    // A record about to point at a CDN domain that is not online yet waits for it at apply (`cdn:` is resolved then).
    const notOnline = c && ours && c.status !== 'online' && target === c.cname;
    for (const s of d.steps)
      steps.push(
        notOnline && 'value' in s && s.kind !== 'delete-record' && s.value === target ? { ...s, value: `cdn:${D}` } : s,
      );
  } else if (spec.dns === 'none' && steps.length > 0) {
    steps.push({ kind: 'manual-record', domain: D, name: D, type: 'CNAME', value: target });
  }

  // 4. CDN no longer wanted.
  if (!spec.cdn && c && ours) steps.push({ kind: 'delete-cdn', domain: D, owner: c.owner });

  return finish({ domain: D, display: spec.display, steps, conflicts, target, spec }, bound);
}

/** 0. The zone and relative name the record goes to (`dns: alidns`); then whether the bucket could be read. */
function decideZone(ctx: DomainContext): { zone?: string; rr?: string } {
  const { spec } = ctx;
  const found = spec.dns === 'alidns' ? zoneOf(ctx) : {};
  if (!ctx.observed.bucketsRead.has(spec.bucket))
    ctx.conflict({
      code: 'no-bucket',
      message: `the bucket ${spec.bucket} was not found in ${spec.region}`,
      hint: 'check the bucket name and its region (the OSS console shows both); `oss-domains bind` can look the region up',
    });
  return found;
}

function zoneOf(ctx: DomainContext): { zone?: string; rr?: string } {
  const { spec, zones } = ctx;
  const D = spec.domain;
  const zone = spec.zone ? normaliseDomain(spec.zone) : findZone(D, zones);
  if (!zone || !zones.includes(zone) || !inZone(D, zone)) {
    ctx.conflict({
      code: 'no-zone',
      message: spec.zone
        ? `the zone ${spec.zone} is not in this account's Alibaba Cloud DNS (InvalidDomainName.NoExist), or does not contain ${D}`
        : `no Alibaba Cloud DNS zone in this account contains ${D}`,
      hint: 'add the zone to Alibaba Cloud DNS in this account, fix "zone:", or set "dns: none" and create the CNAME at your DNS provider',
    });
    return {};
  }
  const rr = relativeName(D, zone);
  if (rr === '@')
    ctx.conflict({
      code: 'apex',
      message: `${D} is the apex of the zone ${zone}; a CNAME cannot live at a zone apex (it would have to sit beside the zone's SOA and NS records, which DNS forbids)`,
      hint: `bind a subdomain such as img.${D}, or set "dns: none" and use your DNS provider's ALIAS / CNAME-flattening record`,
    });
  return { zone, rr };
}

/** 1. The binding: bind, move, or set its certificate (see the algorithm above); true when D is bound to B already. */
function decideBinding(ctx: DomainContext, zone: string | undefined, atName: DnsRecord[]): boolean {
  const { spec, observed, steps } = ctx;
  const D = spec.domain;
  const b = observed.bindings.get(D);
  const bound = b?.bucket === spec.bucket;
  const evidence = b ? bindingEvidence(b, atName, observed.cdn.get(D), ctx.owner) : undefined;
  const proof = spec.takeover ? { takeover: true } : evidence ? { evidence } : undefined;
  if (b && !bound) {
    if (proof) steps.push({ kind: 'unbind', domain: D, bucket: b.bucket, region: b.region, ...proof });
    else
      ctx.conflict({
        code: 'bound-elsewhere',
        message: `${D} is bound to the bucket ${b.bucket} (${b.region}), not ${spec.bucket}`,
        hint: `unbind it from ${b.bucket} first (remove it from that entry, or run "oss-domains unbind ${D}"), or set "takeover: true" (bind: --takeover) to move it`,
      });
  }
  const certId = spec.https ? ossCertId(spec.https) : undefined;
  if (!bound) {
    steps.push({
      kind: 'bind',
      domain: D,
      bucket: spec.bucket,
      region: spec.region,
      certId,
      zone,
      takeover: spec.takeover,
    });
  } else if (certId && certNumber(b.certificate?.certId) !== certNumber(certId)) {
    if (proof)
      steps.push({
        kind: 'set-oss-cert',
        domain: D,
        bucket: spec.bucket,
        region: spec.region,
        certId,
        from: b.certificate?.certId,
        ...proof,
      });
    else
      ctx.conflict({
        code: 'binding-not-owned',
        message: `${D} is bound to ${spec.bucket} with the certificate ${b.certificate?.certId ?? '(none)'}, but nothing shows the binding is owner "${ctx.owner}"'s: no DNS record or CDN domain of this owner points at ${spec.bucket}, so its certificate is left alone`,
        hint: `if this binding is yours, set "takeover: true" (bind: --takeover) to set the certificate; if another owner manages ${D}, change the certificate there`,
      });
  }
  return bound;
}

/** 2. The CDN domain; returns the record's target T. */
function decideCdn(ctx: DomainContext, c: CdnDomain | undefined, ours: boolean): string {
  const { spec, steps, zones } = ctx;
  const D = spec.domain;
  const origin = bucketDomain(spec.bucket, spec.region);
  const certId = spec.https ? ossCertId(spec.https) : undefined;
  let target = origin;
  if (spec.cdn) {
    const verifyZone = spec.dns === 'alidns' ? findZone(verificationName(D), zones) : undefined;
    const create: Step = {
      kind: 'create-cdn',
      domain: D,
      bucket: spec.bucket,
      region: spec.region,
      scope: spec.cdn.scope,
      zone: verifyZone,
    };
    if (!c) {
      steps.push(create);
      if (certId) steps.push({ kind: 'set-cdn-cert', domain: D, certId: certNumber(certId) });
      target = `cdn:${D}`;
    } else if (!c.sources.some((s) => sameHost(s.content, origin))) {
      ctx.conflict({
        code: 'cdn-origin-mismatch',
        message: `the CDN domain ${D} fetches from ${c.sources.map((s) => s.content).join(', ') || 'no origin'}, not the bucket ${origin}`,
        hint: `change its origin to ${origin} in the CDN console (oss-domains does not rewrite origins), or delete that CDN domain so oss-domains can create it`,
      });
    } else if (!ours && !spec.takeover) {
      ctx.conflict({
        code: 'foreign-cdn',
        message: `the CDN domain ${D} already exists and is ${c.owner ? `owned by oss-domains owner "${c.owner}"` : 'not managed by oss-domains'}`,
        hint: `set "takeover: true" (bind: --takeover) to manage it (its origin is already ${origin}), or remove "cdn" from this entry`,
      });
    } else {
      if (!ours) steps.push({ ...create, takeover: true });
      const owner = ours ? { owner: c.owner } : {};
      if (c.status === 'offline') steps.push({ kind: 'start-cdn', domain: D, ...owner });
      if (certId && c.sslProtocol !== 'on')
        steps.push({ kind: 'set-cdn-cert', domain: D, certId: certNumber(certId), ...owner });
      target = c.cname;
    }
  }
  return target;
}
