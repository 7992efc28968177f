/**
 * The record resource's execution: DNS writes during apply. Every record this tool creates gets its owner remark immediately after
 * AddDomainRecord (Alidns cannot set both in one call); the "already exists" answers become adopt-or-verify, never a
 * failure, so every step can be repeated after a crash.
 */

import type { ApplyContext } from '../engine/apply-context.js';
import { waitOnline } from '../engine/apply-wait.js';
import { type CloudError, explain, hasCode } from '../errors.js';
import type { Step } from '../model.js';
import { sameHost } from '../names.js';
import { describeOwner, isAdoptable, PROOF_TXT_TTL, remarkOwner } from '../ownership.js';

/**
 * Makes sure the TXT record `rr` of `zone` holds `value`: nothing when it does; our record with an old value (an
 * expired OSS token) is updated; else a new one is added and marked ours. With `adopt`, a record without any remark
 * that already holds exactly `value` with our TTL is marked ours (the adoption rule of ownership.ts: a token OSS just
 * issued to this account, written by a run that died before marking it); one with another TTL is used, not marked.
 */
export async function ensureTxt(
  ctx: ApplyContext,
  zone: string,
  rr: string,
  value: string,
  opts: { adopt: boolean },
  lookAgain = true,
): Promise<void> {
  const { rt, marker, ids } = ctx;
  const at = (await ctx.zones.get(zone)).filter((r) => r.rr === rr && r.type === 'TXT');
  const same = at.find((r) => r.value === value);
  if (same) {
    if (opts.adopt && isAdoptable(same, { type: 'TXT', value, ttl: PROOF_TXT_TTL })) {
      ids.push((await rt.dns.setRemark(same.recordId, marker)).requestId);
      same.remark = marker;
    }
    return;
  }
  const old = at.find((r) => r.remark === marker);
  if (old) {
    const r = await rt.dns.updateRecord(old.recordId, { rr, type: 'TXT', value, ttl: old.ttl });
    ids.push(r.requestId);
    old.value = value;
    return;
  }
  try {
    const r = await rt.dns.addRecord(zone, { rr, type: 'TXT', value, ttl: PROOF_TXT_TTL });
    ids.push(r.requestId);
    ids.push((await rt.dns.setRemark(r.recordId, marker)).requestId);
  } catch (e) {
    // Someone (or an earlier attempt whose answer was lost) wrote it since we looked: look again.
    if (!hasCode(e, 'DomainRecordDuplicate') || !lookAgain) throw e;
    await ctx.zones.reload(zone);
    await ensureTxt(ctx, zone, rr, value, opts, false);
  }
}

/**
 * The record value of a step: `cdn:<domain>` becomes the CNAME CDN assigned to the domain, once the domain is
 * online (a record never sends traffic to a CDN domain that cannot serve it yet).
 */
export async function resolveValue(ctx: ApplyContext, value: string): Promise<string> {
  if (!value.startsWith('cdn:')) return value;
  const name = value.slice(4);
  return ctx.cdnCname.get(name) ?? (await waitOnline(ctx, name));
}

type RecordStep = Extract<Step, { kind: 'create-record' | 'update-record' | 'delete-record' }>;

export async function runRecordStep(ctx: ApplyContext, step: RecordStep): Promise<string | undefined> {
  const { rt, marker, ids } = ctx;
  if (step.kind === 'delete-record') {
    try {
      ids.push((await rt.dns.deleteRecord(step.recordId)).requestId);
    } catch (e) {
      if (!hasCode(e, 'DomainRecordNotBelongToUser')) throw e; // already gone
    }
    return undefined;
  }
  const value = await resolveValue(ctx, step.value);
  const rec = { rr: step.rr, type: step.type, value, ttl: step.ttl };
  if (step.kind === 'update-record') {
    const f = step.from;
    if (f.type !== step.type || !sameHost(f.value, value) || f.ttl !== step.ttl) {
      ids.push((await rt.dns.updateRecord(step.recordId, rec)).requestId);
    }
    if (f.remark !== marker) ids.push((await rt.dns.setRemark(step.recordId, marker)).requestId);
    if (f.status?.toUpperCase() === 'DISABLE') ids.push((await rt.dns.setStatus(step.recordId, 'Enable')).requestId);
    return `${step.type} ${value}`;
  }
  try {
    const r = await rt.dns.addRecord(step.zone, rec);
    ids.push(r.requestId);
    ids.push((await rt.dns.setRemark(r.recordId, marker)).requestId);
  } catch (e) {
    if (hasCode(e, 'DomainRecordDuplicate')) {
      await adoptDuplicate(ctx, step.zone, rec, step.domain, e);
    } else if (hasCode(e, 'DomainRecordConflict')) {
      throw explain(
        e,
        `a DNS record appeared at ${step.domain} after the plan was made, and it conflicts with the CNAME`,
        'run plan again to see it; oss-domains never replaces a record it does not own unless "takeover: true"',
        { resource: step.domain },
      );
    } else throw e;
  }
  return `${step.type} ${value}`;
}

/**
 * AddDomainRecord said the exact record exists: it is ours (a lost answer), adoptable (no remark, exactly what is
 * asked: mark it), or someone else's (refused, with what to do).
 */
async function adoptDuplicate(
  ctx: ApplyContext,
  zone: string,
  rec: { rr: string; type: string; value: string; ttl: number },
  domain: string,
  e: CloudError,
): Promise<void> {
  const recs = await ctx.zones.reload(zone);
  const r = recs.find((x) => x.rr === rec.rr.toLowerCase() && x.type === rec.type && sameHost(x.value, rec.value));
  if (!r) throw e;
  if (r.remark === ctx.marker) return;
  if (remarkOwner(r.remark) !== undefined)
    throw explain(
      e,
      `${domain} already has the record ${rec.type} ${rec.value}, ${describeOwner(r.remark)}`,
      'two owners declare the same domain; remove it from one of them',
      { resource: domain },
    );
  if (!isAdoptable(r, rec))
    throw explain(
      e,
      `${domain} already has the record ${rec.type} ${rec.value} (TTL ${r.ttl}), ${describeOwner(r.remark)}`,
      'run plan again to see it; oss-domains replaces a record it does not own only with "takeover: true"',
      { resource: domain },
    );
  ctx.ids.push((await ctx.rt.dns.setRemark(r.recordId, ctx.marker)).requestId);
}
