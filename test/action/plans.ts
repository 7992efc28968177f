/** Plans and apply results of any size, shaped as the core makes them, for the report tests. */
import type { ApplyResult, Conflict, DomainPlan, Plan, StepResult } from '../../src/core/index.js';

export const TARGET = 'abc-img.oss-cn-hangzhou.aliyuncs.com';
export const FILE = '/ws/domains.yml';
export const FOREIGN_HINT =
  'delete or change that record yourself, or set "takeover: true" (bind: --takeover) to replace it';

const name = (prefix: string, i: number) => `${prefix}${String(i).padStart(4, '0')}.abc.com`;
const pos = (i: number) => ({ file: FILE, line: 4 + 3 * i, column: 5 });

export function creating(i: number, display?: string): DomainPlan {
  const domain = name('new', i);
  return {
    domain,
    display: display ?? domain,
    action: 'create',
    target: TARGET,
    conflicts: [],
    steps: [
      { kind: 'bind', domain, bucket: 'abc-img', region: 'cn-hangzhou', takeover: false },
      {
        kind: 'create-record',
        domain,
        zone: 'abc.com',
        rr: domain.split('.')[0]!,
        type: 'CNAME',
        value: TARGET,
        ttl: 600,
      },
    ],
  };
}

export function updating(i: number): DomainPlan {
  const domain = name('moved', i);
  const rr = domain.split('.')[0]!;
  return {
    domain,
    display: domain,
    action: 'update',
    target: TARGET,
    conflicts: [],
    steps: [
      {
        kind: 'update-record',
        domain,
        zone: 'abc.com',
        recordId: `r${i}`,
        rr,
        type: 'CNAME',
        value: TARGET,
        ttl: 600,
        from: { type: 'CNAME', value: 'old-bucket.oss-cn-beijing.aliyuncs.com', ttl: 600, remark: 'oss-domains:web' },
      },
    ],
  };
}

export function deleting(i: number): DomainPlan {
  const domain = name('gone', i);
  return {
    domain,
    display: domain,
    action: 'delete',
    conflicts: [],
    steps: [
      {
        kind: 'delete-record',
        domain,
        zone: 'abc.com',
        recordId: `g${i}`,
        rr: domain.split('.')[0]!,
        type: 'CNAME',
        value: TARGET,
      },
      { kind: 'unbind', domain, bucket: 'abc-img', region: 'cn-hangzhou' },
    ],
  };
}

export function unchanged(i: number): DomainPlan {
  const domain = name('same', i);
  return { domain, display: domain, action: 'noop', target: TARGET, conflicts: [], steps: [] };
}

/** A domain whose record someone else owns, at position `i` of the file; `value` is what the record holds. */
export function conflicting(domain: string, i: number, value = '203.0.113.10'): DomainPlan {
  const c: Conflict = {
    domain,
    code: 'foreign-record',
    message: `${domain} has an A record ${value} that oss-domains does not own`,
    hint: FOREIGN_HINT,
    pos: pos(i),
  };
  return { domain, display: domain, action: 'conflict', target: TARGET, conflicts: [c], steps: [] };
}

export const planOf = (domains: DomainPlan[], warnings: Plan['warnings'] = []): Plan => ({
  owner: 'web',
  domains,
  warnings,
});

/** `n` domains to create with one conflict, last in the file: what issue 13 found hidden. */
export const conflictLast = (n: number): Plan =>
  planOf([...Array.from({ length: n - 1 }, (_, i) => creating(i)), conflicting('www.abc.com', n - 1)]);

/** Apply of `plan`: every step done, except `failing`'s first step (the rest of that domain skipped). */
export function applied(plan: Plan, failing?: { domain: string; error: string }): ApplyResult {
  const results: StepResult[] = plan.domains.flatMap((d) =>
    d.steps.map((step, i): StepResult => {
      if (d.domain !== failing?.domain) return { step, ok: true, requestIds: [`REQ-${d.domain}-${i}`] };
      return i === 0
        ? { step, ok: false, requestIds: [], error: failing.error }
        : { step, ok: false, requestIds: [], error: 'skipped: an earlier step failed' };
    }),
  );
  return { plan, results, verifications: [], ok: !failing };
}
