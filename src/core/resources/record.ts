/**
 * Resource: the DNS record at a domain's name — one CNAME to the target, marked with the owner's remark — in
 * Alibaba Cloud DNS (a `dns: none` domain's records are manual-dns.ts's). Its steps also carry the ownership
 * TXT records other resources write or remove (the binding's `_dnsauth`, CDN's `verification`), which are records
 * like any other. The ownership rules it applies (which records may be updated, adopted, deleted) are ownership.ts's.
 */
import { DNS_CALLS, ram } from '../aliyun/ram.js';
import type { Conflict, DnsRecord, DomainsConfig, Step } from '../model.js';
import { findZone, fqdn, rootDomain, sameHost } from '../names.js';
import { describeOwner, isAdoptable, isOwnRecord } from '../ownership.js';
import { runRecordStep } from './record-run.js';
import type { DomainContext, Grant, Resource } from './types.js';

declare module '../model.js' {
  interface StepKinds {
    /** Create the CNAME; `value` is `cdn:` + domain when the target is read from CDN at apply time. */
    'create-record': {
      kind: 'create-record';
      domain: string;
      zone: string;
      rr: string;
      type: string;
      value: string;
      ttl: number;
    };
    'update-record': {
      kind: 'update-record';
      domain: string;
      zone: string;
      recordId: string;
      rr: string;
      type: string;
      value: string;
      ttl: number;
      /** `status` is set when the record is disabled (`DISABLE`): the update enables it too. */
      from: { type: string; value: string; ttl: number; remark?: string; status?: string };
      /** The record is not ours: replacing it was asked for (`takeover`). */
      takeover?: boolean;
    };
    'delete-record': {
      kind: 'delete-record';
      domain: string;
      zone: string;
      recordId: string;
      rr: string;
      type: string;
      value: string;
      /** The remark the record had when planned. */
      remark?: string;
      /** The record is not ours: replacing it was asked for (`takeover`). */
      takeover?: boolean;
    };
  }
}

/** A record value for people: `cdn:<domain>` is the CNAME CDN will assign. */
export const describeTarget = (value: string): string =>
  value.startsWith('cdn:') ? `the CNAME CDN assigns to ${value.slice(4)}` : value;

export const describeRecord = (r: DnsRecord): string =>
  `${r.type} ${r.value}${r.line !== 'default' ? ` (line ${r.line})` : ''}`;

/** The step that deletes record `r` of `zone`, filed under `domain`'s plan (`takeover`: `r` is not ours). */
export function deleteRecordStep(domain: string, zone: string, r: DnsRecord, takeover = false): Step {
  const step: Step = {
    kind: 'delete-record',
    domain,
    zone,
    recordId: r.recordId,
    rr: r.rr,
    type: r.type,
    value: r.value,
  };
  if (r.remark) step.remark = r.remark;
  if (takeover) step.takeover = true;
  return step;
}

export interface RecordDecision {
  steps: Step[];
  conflict?: Omit<Conflict, 'domain' | 'pos'>;
}

/**
 * What to do with the records at one name so that it ends up as exactly one CNAME to `target`, owned by `owner`.
 *
 * - none → create;
 * - one CNAME to the target, ours, enabled and with the right TTL → nothing (a record disabled by hand resolves to
 *   nothing: it is updated, i.e. enabled again);
 * - the only record, without any remark, already exactly the CNAME asked for → adopt it (set our remark), the
 *   adoption rule of ownership.ts;
 * - ours with another value or TTL → update (extra records of ours at the same name are deleted first);
 * - anything else not ours (any remark that is not our marker included) → conflict, or with `takeover`: delete the
 *   others, then turn one of them into our CNAME.
 */
export function decideRecord(
  recs: DnsRecord[],
  want: { domain: string; zone: string; rr: string; target: string; ttl: number; takeover: boolean; owner: string },
): RecordDecision {
  const { domain, zone, rr, target, ttl, owner } = want;
  if (recs.length === 0)
    return { steps: [{ kind: 'create-record', domain, zone, rr, type: 'CNAME', value: target, ttl }] };
  // The common case, in sync (a plan of a large file is mostly this): our one enabled CNAME, right value and TTL.
  const only = recs.length === 1 ? recs[0]! : undefined;
  if (
    only?.type === 'CNAME' &&
    only.ttl === ttl &&
    only.status.toUpperCase() !== 'DISABLE' &&
    sameHost(only.value, target) &&
    isOwnRecord(only, owner)
  )
    return { steps: [] };

  const pointsAtTarget = (r: DnsRecord) => r.type === 'CNAME' && sameHost(r.value, target);
  const isOurs = (r: DnsRecord) => isOwnRecord(r, owner);
  const ours = recs.filter(isOurs);
  const adoptable = recs.length === 1 && isAdoptable(recs[0]!, { type: 'CNAME', value: target, ttl });
  const foreign = adoptable ? [] : recs.filter((r) => !isOurs(r));

  if (foreign.length > 0 && !want.takeover) {
    const what = foreign.map((r) => `${describeRecord(r)} (${describeOwner(r.remark)})`).join(', ');
    return {
      steps: [],
      conflict: {
        code: 'foreign-record',
        message: `${domain} already has a DNS record that oss-domains does not own: ${what}`,
        hint: 'delete or change that record yourself, or set "takeover: true" (bind: --takeover) to replace it',
      },
    };
  }

  const keep =
    ours.find(pointsAtTarget) ??
    ours[0] ??
    (adoptable ? recs[0] : undefined) ??
    recs.find((r) => r.type === 'CNAME' && r.line === 'default') ??
    recs[0]!;
  const steps = recs.filter((r) => r !== keep).map((r) => deleteRecordStep(domain, zone, r, !isOurs(r)));
  const disabled = keep.status.toUpperCase() === 'DISABLE';
  const inPlace = pointsAtTarget(keep) && keep.ttl === ttl && isOurs(keep) && !disabled;
  if (!inPlace) {
    steps.push({
      kind: 'update-record',
      domain,
      zone,
      recordId: keep.recordId,
      rr,
      type: 'CNAME',
      value: target,
      ttl,
      from: {
        type: keep.type,
        value: keep.value,
        ttl: keep.ttl,
        remark: keep.remark,
        ...(disabled ? { status: 'DISABLE' } : {}),
      },
      ...(!isOurs(keep) && !adoptable ? { takeover: true } : {}),
    });
  }
  return { steps };
}

/**
 * The record of a declared domain (`decideRecord`), pointing at `ctx.target`. A zone's apex gets none (the zone
 * decision reported it).
 */
function plan(ctx: DomainContext): void {
  const { spec, zone, rr, target } = ctx;
  if (zone && rr && rr !== '@') {
    const d = decideRecord(ctx.atName, {
      domain: spec.domain,
      zone,
      rr,
      target,
      ttl: spec.ttl,
      takeover: spec.takeover,
      owner: ctx.owner,
    });
    if (d.conflict) ctx.conflict(d.conflict);
    const value = ctx.recordValue;
    for (const s of d.steps)
      ctx.add('route', value && 'value' in s && s.kind !== 'delete-record' && s.value === target ? { ...s, value } : s);
  }
}

/**
 * Record writes on the zones the file's records live in: the domains' CNAMEs and their `_dnsauth` proofs in the
 * declared zones, and CDN's `verification.<root>` proofs — in the declared zone that holds the root, or (best
 * guess) in a zone named after the root itself. Every zone when one `dns: alidns` domain leaves its zone to be
 * found, or with `prune`; none when every domain has `dns: none` and nothing is pruned.
 */
function grants(config: DomainsConfig): Grant[] {
  const alidns = config.domains.filter((d) => d.dns === 'alidns');
  const declared = alidns.flatMap((d) => (d.zone ? [d.zone] : []));
  const cdnZones = alidns
    .filter((d) => d.cdn)
    .map((d) => findZone(rootDomain(d.domain), declared) ?? rootDomain(d.domain));
  const everyZone = config.prune || alidns.some((d) => d.zone === undefined);
  const zones = everyZone ? ['*'] : [...new Set([...declared, ...cdnZones])].sort();
  if (zones.length === 0) return [];
  const actions = ram('alidns', DNS_CALLS, 'addRecord', 'updateRecord', 'deleteRecord', 'setRemark', 'setStatus');
  return [{ actions, resources: zones.map((z) => `acs:alidns:*:*:domain/${z}`) }];
}

function describeUpdate(step: Extract<Step, { kind: 'update-record' }>): string {
  const f = step.from;
  const name = fqdn(step.rr, step.zone);
  const enable = f.status?.toUpperCase() === 'DISABLE' ? ' (it is disabled: enable it)' : '';
  if (f.type === step.type && f.value === step.value && f.ttl === step.ttl) {
    return enable
      ? `${step.type} ${name} → ${step.value}${enable}`
      : `${step.type} ${name} → ${step.value}: mark as managed by oss-domains`;
  }
  const ttl = f.ttl !== step.ttl ? `, TTL ${f.ttl} → ${step.ttl}` : '';
  return `${name}: ${f.type} ${f.value} → ${step.type} ${describeTarget(step.value)}${ttl}${enable}`;
}

export const record: Resource<'create-record' | 'update-record' | 'delete-record'> = {
  name: 'record',
  steps: {
    'create-record': {
      mark: '+',
      describe: (s) => `${s.type} ${fqdn(s.rr, s.zone)} → ${describeTarget(s.value)} (TTL ${s.ttl})`,
      run: runRecordStep,
    },
    'update-record': { mark: '~', describe: describeUpdate, run: runRecordStep },
    'delete-record': {
      mark: '-',
      describe: (s) => `delete ${s.type} ${fqdn(s.rr, s.zone)} ${s.value}`,
      run: runRecordStep,
    },
  },
  plan,
  grants,
};
