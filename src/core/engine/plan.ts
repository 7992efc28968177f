/**
 * The planner: a PURE function of (desired, observed) → Plan. No I/O, no clock; apply executes the result and
 * nothing else, so "dry run" is simply plan-and-render.
 *
 * For every declared domain D (bucket B in region R, target T = `B.oss-R.aliyuncs.com`), in file order:
 *
 *  0. Zone (`dns: alidns`): `zone:` or the longest Alidns zone of the account containing D. None → conflict
 *     `no-zone`; D is the zone's apex → conflict `apex` (a CNAME cannot sit beside the zone's SOA/NS). The bucket must
 *     have been readable → else conflict `no-bucket`.
 *  1. Then every resource of the registry (src/core/resources/index.ts), in its order, decides its part from D's
 *     spec and what was read: the binding (bind, move, certificate), the CDN domain (create, take over, start,
 *     certificate; it sets T to its CNAME; delete when `cdn` is gone), the DNS record at D's name (create / nothing /
 *     adopt / update / conflict / takeover, towards T). Each step goes in a phase (resources/types.ts): D's steps
 *     run phase by phase, then in registry order, then in the order the resource gave them.
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
import type { Conflict, DesiredState, DomainPlan, DomainSpec, Observed, Plan, Step, Warning } from '../model.js';
import { bucketDomain, findZone, inZone, normaliseDomain, relativeName } from '../names.js';
import { RESOURCES } from '../resources/index.js';
import { type DomainContext, PHASES, type Phase } from '../resources/types.js';
import { bucketCapacityWarnings } from './bucket-capacity.js';
import { orphans, ownedThings, planRemoval, removeVerificationRecords } from './plan-remove.js';
import { recordsAt } from './records-at.js';

export function computePlan(desired: DesiredState, observed: Observed): Plan {
  const zones = observed.zones.map((z) => z.name);
  const warnings: Warning[] = [];
  const declared = new Set(desired.domains.map((d) => d.domain));
  const domains = planAllDeclared(desired, observed, zones, warnings);

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
  warnings.push(...bucketCapacityWarnings(domains, observed));
  return { owner: desired.owner, domains, warnings };
}

/** The declared domains' plans, in file order (a loop of its own, which V8 optimizes as one function). */
function planAllDeclared(
  desired: DesiredState,
  observed: Observed,
  zones: string[],
  warnings: Warning[],
): DomainPlan[] {
  const out: DomainPlan[] = [];
  for (const spec of desired.domains) out.push(planDeclared(spec, desired, observed, zones, warnings));
  return out;
}

/**
 * The plan for one declared domain: the zone decision, then each resource's, composed by phase. `create` when D is
 * not bound to its bucket yet, `update` otherwise.
 */
function planDeclared(
  spec: DomainSpec,
  desired: DesiredState,
  observed: Observed,
  zones: string[],
  warnings: Warning[],
): DomainPlan {
  const D = spec.domain;
  const planned: { phase: number; resource: number; step: Step }[] = [];
  const conflicts: Conflict[] = [];
  let resource = 0; // the resource planning now (`add` files its steps under it)
  const conflict: DomainContext['conflict'] = (c) => conflicts.push({ domain: D, pos: spec.pos, ...c });
  const { zone, rr } = decideZone(spec, observed, zones, conflict);
  const ctx: DomainContext = {
    spec,
    owner: desired.owner,
    observed,
    zones,
    zone,
    rr,
    atName: zone && rr ? [...recordsAt(observed, zone, rr)] : [],
    target: bucketDomain(spec.bucket, spec.region),
    add: (phase: Phase, ...steps: Step[]) => {
      for (const step of steps) planned.push({ phase: PHASES.indexOf(phase), resource, step });
    },
    changing: () => planned.length > 0,
    conflict,
    warn: (w) => warnings.push({ domain: D, ...w }),
  };
  for (resource = 0; resource < RESOURCES.length; resource++) RESOURCES[resource]!.plan?.(ctx);
  // Array.prototype.sort is stable: within a phase and a resource, the resource's own order stands.
  const steps =
    planned.length === 0 ? [] : planned.sort((a, b) => a.phase - b.phase || a.resource - b.resource).map((p) => p.step);
  const bound = observed.bindings.get(D)?.bucket === spec.bucket;
  const action = conflicts.length > 0 ? 'conflict' : steps.length === 0 ? 'noop' : bound ? 'update' : 'create';
  const kept = action === 'conflict' ? [] : steps;
  return { domain: D, display: spec.display, steps: kept, conflicts, target: ctx.target, spec, action };
}

/** 0. The zone and relative name the record goes to (`dns: alidns`); then whether the bucket could be read. */
function decideZone(
  spec: DomainSpec,
  observed: Observed,
  zones: string[],
  conflict: DomainContext['conflict'],
): { zone?: string; rr?: string } {
  const found = spec.dns === 'alidns' ? zoneOf(spec, zones, conflict) : {};
  if (!observed.bucketsRead.has(spec.bucket))
    conflict({
      code: 'no-bucket',
      message: `the bucket ${spec.bucket} was not found in ${spec.region}`,
      hint: 'check the bucket name and its region (the OSS console shows both); `oss-domains bind` can look the region up',
    });
  return found;
}

function zoneOf(
  spec: DomainSpec,
  zones: string[],
  conflict: DomainContext['conflict'],
): { zone?: string; rr?: string } {
  const D = spec.domain;
  const zone = spec.zone ? normaliseDomain(spec.zone) : findZone(D, zones);
  if (!zone || !zones.includes(zone) || !inZone(D, zone)) {
    conflict({
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
    conflict({
      code: 'apex',
      message: `${D} is the apex of the zone ${zone}; a CNAME cannot live at a zone apex (it would have to sit beside the zone's SOA and NS records, which DNS forbids)`,
      hint: `bind a subdomain such as img.${D}, or set "dns: none" and use your DNS provider's ALIAS / CNAME-flattening record`,
    });
  return { zone, rr };
}
