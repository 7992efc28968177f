/**
 * The planner's DNS-record decisions (see the algorithm in plan.ts), kept apart because ownership rules live here:
 * which existing records may be updated, adopted, deleted, or must be reported as conflicts.
 */
import type { Conflict, DnsRecord, Step } from '../model.js';
import { sameHost } from '../names.js';
import { describeOwner, isAdoptable, isOwnRecord } from '../ownership.js';

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
  const create: Step = { kind: 'create-record', domain, zone, rr, type: 'CNAME', value: target, ttl };
  if (recs.length === 0) return { steps: [create] };

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
