/**
 * The planner's DNS-record decisions (see the algorithm in plan.ts), kept apart because ownership rules live here:
 * which existing records may be updated, adopted, deleted, or must be reported as conflicts.
 */
import type { Conflict, DnsRecord, Step } from '../model.js';
import { OWNER_PREFIX } from '../model.js';
import { sameHost } from '../names.js';

/** `oss-domains:<owner>` markers of other owners are named in messages; any other remark is "not oss-domains". */
export function describeOwner(remark: string | undefined): string {
  if (remark?.startsWith(OWNER_PREFIX)) return `owned by oss-domains owner "${remark.slice(OWNER_PREFIX.length)}"`;
  return 'not created by oss-domains';
}

export const describeRecord = (r: DnsRecord): string =>
  `${r.type} ${r.value}${r.line !== 'default' ? ` (line ${r.line})` : ''}`;

/** The step that deletes record `r` of `zone`, filed under `domain`'s plan. */
export function deleteRecordStep(domain: string, zone: string, r: DnsRecord): Step {
  return { kind: 'delete-record', domain, zone, recordId: r.recordId, rr: r.rr, type: r.type, value: r.value };
}

export interface RecordDecision {
  steps: Step[];
  conflict?: Omit<Conflict, 'domain' | 'pos'>;
}

/**
 * What to do with the records at one name so that it ends up as exactly one CNAME to `target`, owned by `marker`.
 *
 * - none → create;
 * - one CNAME to the target, ours, enabled and with the right TTL → nothing (a record disabled by hand resolves to
 *   nothing: it is updated, i.e. enabled again);
 * - one CNAME to the target without any oss-domains marker → adopt it (set our remark, fix the TTL). A run that
 *   died between AddDomainRecord and UpdateDomainRecordRemark leaves exactly this; its content is what the file
 *   asks for, so claiming it changes nothing anyone resolves, and later changes (CDN on, unbind) can manage it;
 * - ours with another value or TTL → update (extra records of ours at the same name are deleted first);
 * - anything else not ours (another owner's marker included) → conflict, or with `takeover`: delete the others,
 *   then turn one of them into our CNAME.
 */
export function decideRecord(
  recs: DnsRecord[],
  want: { domain: string; zone: string; rr: string; target: string; ttl: number; takeover: boolean; marker: string },
): RecordDecision {
  const { domain, zone, rr, target, ttl, marker } = want;
  const create: Step = { kind: 'create-record', domain, zone, rr, type: 'CNAME', value: target, ttl };
  if (recs.length === 0) return { steps: [create] };

  const pointsAtTarget = (r: DnsRecord) => r.type === 'CNAME' && sameHost(r.value, target);
  const ours = recs.filter((r) => r.remark === marker);
  const adoptable = recs.length === 1 && pointsAtTarget(recs[0]!) && !recs[0]!.remark?.startsWith(OWNER_PREFIX);
  const foreign = adoptable ? [] : recs.filter((r) => r.remark !== marker);

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
  const steps = recs.filter((r) => r !== keep).map((r) => deleteRecordStep(domain, zone, r));
  const disabled = keep.status.toUpperCase() === 'DISABLE';
  const inPlace = pointsAtTarget(keep) && keep.ttl === ttl && keep.remark === marker && !disabled;
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
    });
  }
  return { steps };
}
