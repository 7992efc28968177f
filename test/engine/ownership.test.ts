/**
 * Ownership between two owners of one account, on the sandbox through the real adapters: a binding counts as an
 * owner's only with evidence (its record or CDN domain points at the bucket), a record is adopted only when it has
 * no remark at all and already says exactly what is asked, and the guard at the write boundary refuses what the plan
 * could not prove ours.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  apply,
  type DesiredState,
  desiredFromConfig,
  desiredFromUnbind,
  type Plan,
  parseConfig,
  plan,
} from '../../src/core/index.js';
import type { SeedSpec } from '../../src/sandbox/index.js';
import { type EngineSandbox, engineSandbox } from '../support/engine-sandbox.js';

const A_IMG = 'a-img.oss-cn-hangzhou.aliyuncs.com';
const B_IMG = 'b-img.oss-cn-hangzhou.aliyuncs.com';

const seed = (records: NonNullable<SeedSpec['zones']>[number]['records'] = []): SeedSpec => ({
  zones: [{ name: 'abc.com', records: [{ rr: 'www', type: 'A', value: '203.0.113.10' }, ...records] }],
  buckets: [
    { name: 'a-img', region: 'cn-hangzhou' },
    { name: 'b-img', region: 'cn-hangzhou' },
  ],
  certificates: [
    { id: '111', domains: ['*.abc.com'] },
    { id: '222', domains: ['*.abc.com'] },
  ],
});

/** A domains.yml of `owner`; `body` holds its domains list (and any top-level keys). */
function desired(owner: string, body: string): DesiredState {
  const r = parseConfig(`version: 1\nowner: ${owner}\ndefaults:\n  region: cn-hangzhou\n${body}`, 'domains.yml');
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return desiredFromConfig(r.config);
}

let env: EngineSandbox | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

const bound = (e: EngineSandbox, bucket: string) => [...e.sb.world.buckets.get(bucket)!.cnames.keys()].sort();
const recordsAt = (e: EngineSandbox, rr: string) =>
  [...e.sb.world.zones.get('abc.com')!.records.values()]
    .filter((r) => r.rr === rr)
    .map((r) => `${r.type} ${r.value} ${r.remark ?? ''}`.trim())
    .sort();
const kinds = (p: Plan) => p.domains.flatMap((d) => d.steps.map((s) => s.kind));

/** team-a tried to bind img.abc.com to a-img and left only its `_dnsauth.img` TXT; team-b then bound it to b-img. */
async function teamBHoldsImg(): Promise<EngineSandbox> {
  const e = await engineSandbox({ seed: seed() });
  e.sb.control.failNext('PutCname', 1, 'AccessDenied', 403);
  const tried = await apply(
    e.rt,
    await plan(e.rt, desired('team-a', 'domains:\n  - domain: img.abc.com\n    bucket: a-img\n')),
  );
  expect(tried.ok).toBe(false);
  expect(recordsAt(e, '_dnsauth.img')).toEqual([expect.stringMatching(/^TXT \S+ oss-domains:team-a$/)]);
  expect(bound(e, 'a-img')).toEqual([]);

  const b = await apply(
    e.rt,
    await plan(e.rt, desired('team-b', 'domains:\n  - domain: img.abc.com\n    bucket: b-img\n')),
  );
  expect(b.ok).toBe(true);
  expect(bound(e, 'b-img')).toEqual(['img.abc.com']);
  return e;
}

describe('a binding is removed only with evidence that it is ours (issue 10, finding 1)', () => {
  it("team-a's prune leaves team-b's binding alone, says why, and removes only its own _dnsauth TXT", async () => {
    env = await teamBHoldsImg();
    const p = await plan(env.rt, desired('team-a', 'prune: true\ndomains: []\n'));
    expect(kinds(p)).not.toContain('unbind');
    expect(p.warnings).toContainEqual(
      expect.objectContaining({ domain: 'img.abc.com', code: 'binding-kept', message: expect.stringMatching(/b-img/) }),
    );
    expect((await apply(env.rt, p)).ok).toBe(true);
    expect(bound(env, 'b-img')).toEqual(['img.abc.com']);
    expect(recordsAt(env, 'img')).toEqual([`CNAME ${B_IMG} oss-domains:team-b`]);
    expect(recordsAt(env, '_dnsauth.img')).toEqual([expect.stringMatching(/oss-domains:team-b$/)]);
  });

  it("OSS_DOMAINS_OWNER=team-a unbind img.abc.com does not unbind team-b's domain", async () => {
    env = await teamBHoldsImg();
    const p = await plan(env.rt, desiredFromUnbind('img.abc.com', 'team-a'));
    expect(kinds(p)).not.toContain('unbind');
    await apply(env.rt, p);
    expect(bound(env, 'b-img')).toEqual(['img.abc.com']);
  });

  it("team-a moving img.abc.com to its own bucket is a conflict, not an unbind of team-b's binding", async () => {
    env = await teamBHoldsImg();
    const p = await plan(env.rt, desired('team-a', 'domains:\n  - domain: img.abc.com\n    bucket: a-img\n'));
    expect(p.domains[0]!.conflicts.map((c) => c.code)).toEqual(expect.arrayContaining(['bound-elsewhere']));
    expect(kinds(p)).toEqual([]);
  });

  it('the write boundary refuses an unbind the plan could not prove ours, and says what to do', async () => {
    env = await teamBHoldsImg();
    // The plan a planner without the evidence rule would make: unbind b-img as team-a, with no evidence.
    const forged: Plan = {
      owner: 'team-a',
      warnings: [],
      domains: [
        {
          domain: 'img.abc.com',
          display: 'img.abc.com',
          action: 'delete',
          conflicts: [],
          steps: [{ kind: 'unbind', domain: 'img.abc.com', bucket: 'b-img', region: 'cn-hangzhou' }],
        },
      ],
    };
    const r = await apply(env.rt, forged);
    expect(r.ok).toBe(false);
    expect(r.results[0]!.error).toMatch(/refused DeleteCname on img\.abc\.com on the bucket b-img: nothing shows/);
    expect(r.results[0]!.error).toMatch(/takeover: true/);
    expect(bound(env, 'b-img')).toEqual(['img.abc.com']);
  });
});

describe('adoption is only of a record with no remark that already says what the file asks (finding 2)', () => {
  it('a CNAME at the target with the remark terraform:prod is a conflict, is never re-marked, and unbind keeps it', async () => {
    env = await engineSandbox({ seed: seed([{ rr: 'img', type: 'CNAME', value: A_IMG, remark: 'terraform:prod' }]) });
    const want = desired('team-a', 'domains:\n  - domain: img.abc.com\n    bucket: a-img\n');
    const p = await plan(env.rt, want);
    expect(p.domains[0]!.action).toBe('conflict');
    expect(p.domains[0]!.conflicts[0]).toMatchObject({ code: 'foreign-record' });
    expect(p.domains[0]!.conflicts[0]!.message).toMatch(/terraform:prod/);
    await apply(env.rt, p);
    expect(recordsAt(env, 'img')).toEqual([`CNAME ${A_IMG} terraform:prod`]);

    const u = await plan(env.rt, desiredFromUnbind('img.abc.com', 'team-a'));
    expect(kinds(u)).not.toContain('delete-record');
    await apply(env.rt, u);
    expect(recordsAt(env, 'img')).toEqual([`CNAME ${A_IMG} terraform:prod`]);
  });

  it('a CNAME at the target with no remark but another TTL is not adopted', async () => {
    env = await engineSandbox({ seed: seed([{ rr: 'img', type: 'CNAME', value: A_IMG, ttl: 3600 }]) });
    const p = await plan(env.rt, desired('team-a', 'domains:\n  - domain: img.abc.com\n    bucket: a-img\n'));
    expect(p.domains[0]!.conflicts.map((c) => c.code)).toEqual(['foreign-record']);
  });

  it('a CNAME with no remark that says exactly what the file asks is adopted', async () => {
    env = await engineSandbox({ seed: seed([{ rr: 'img', type: 'CNAME', value: A_IMG }]) });
    const r = await apply(
      env.rt,
      await plan(env.rt, desired('team-a', 'domains:\n  - domain: img.abc.com\n    bucket: a-img\n')),
    );
    expect(r.ok).toBe(true);
    expect(recordsAt(env, 'img')).toEqual([`CNAME ${A_IMG} oss-domains:team-a`]);
  });

  it('the write boundary refuses to re-mark or delete a record whose remark is not ours', async () => {
    env = await engineSandbox({ seed: seed([{ rr: 'img', type: 'CNAME', value: A_IMG, remark: 'terraform:prod' }]) });
    const id = [...env.sb.world.zones.get('abc.com')!.records.values()].find((r) => r.rr === 'img')!.recordId;
    const record = { domain: 'img.abc.com', zone: 'abc.com', recordId: id, rr: 'img', type: 'CNAME', value: A_IMG };
    const forged = (step: Plan['domains'][number]['steps'][number]): Plan => ({
      owner: 'team-a',
      warnings: [],
      domains: [{ domain: 'img.abc.com', display: 'img.abc.com', action: 'update', conflicts: [], steps: [step] }],
    });
    const remark = await apply(
      env.rt,
      forged({
        ...record,
        kind: 'update-record',
        ttl: 600,
        from: { type: 'CNAME', value: A_IMG, ttl: 600, remark: 'terraform:prod' },
      }),
    );
    expect(remark.results[0]!.error).toMatch(/refused UpdateDomainRecordRemark/);
    const del = await apply(env.rt, forged({ ...record, kind: 'delete-record', remark: 'terraform:prod' }));
    expect(del.results[0]!.error).toMatch(/refused DeleteDomainRecord .*\(its remark is "terraform:prod"\)/);
    expect(recordsAt(env, 'img')).toEqual([`CNAME ${A_IMG} terraform:prod`]);
  });
});

describe('two owners do not flip a certificate (finding 3)', () => {
  it("team-b (dns: none, cert 222) on team-a's binding (cert 111) plans a conflict, and team-a's next plan is a no-op", async () => {
    env = await engineSandbox({ seed: seed() });
    const teamA = desired(
      'team-a',
      'domains:\n  - domain: img.abc.com\n    bucket: a-img\n    https:\n      cert-id: "111"\n',
    );
    expect((await apply(env.rt, await plan(env.rt, teamA))).ok).toBe(true);
    expect(env.sb.world.buckets.get('a-img')!.cnames.get('img.abc.com')!.certificate?.certId).toMatch(/^111/);

    const teamB = desired(
      'team-b',
      'domains:\n  - domain: img.abc.com\n    bucket: a-img\n    dns: none\n    https:\n      cert-id: "222"\n',
    );
    const b = await plan(env.rt, teamB);
    expect(kinds(b)).not.toContain('set-oss-cert');
    expect(b.domains[0]!.conflicts).toEqual([
      expect.objectContaining({ code: 'binding-not-owned', hint: expect.stringMatching(/takeover: true/) }),
    ]);
    await apply(env.rt, b);
    expect(env.sb.world.buckets.get('a-img')!.cnames.get('img.abc.com')!.certificate?.certId).toMatch(/^111/);
    expect(kinds(await plan(env.rt, teamA))).toEqual([]);
  });
});
