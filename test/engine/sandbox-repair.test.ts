/**
 * What a review of the engine found, against the sandbox through the real adapters: an unbind that failed halfway is
 * finished by the next run; a binding nothing of ours points at any more is still found, and reported rather than
 * removed; changing an entry's bucket moves the domain; CDN's `verification.<root>` TXT goes with our last CDN domain
 * under that root.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  apply,
  CloudError,
  desiredFromUnbind,
  drift,
  plan,
  refresh,
  renderPlan,
  status,
} from '../../src/core/index.js';
import type { SeedSpec } from '../../src/sandbox/index.js';
import { type EngineSandbox, engineSandbox, entry, file } from '../support/engine-sandbox.js';

const base: SeedSpec = {
  zones: [{ name: 'abc.com', records: [{ rr: 'www', type: 'A', value: '203.0.113.10' }] }, { name: 'cdn.abc.com' }],
  buckets: [
    { name: 'abc-img', region: 'cn-hangzhou', acl: 'public-read' },
    { name: 'abc-new', region: 'cn-hangzhou' },
    { name: 'abc-sg', region: 'ap-southeast-1' },
    { name: 'unrelated', region: 'cn-beijing' },
  ],
};

let env: EngineSandbox | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

const records = (e: EngineSandbox, zone = 'abc.com') =>
  [...e.sb.world.zones.get(zone)!.records.values()].map((r) => `${r.rr} ${r.type} ${r.value}`).sort();
const bound = (e: EngineSandbox, bucket: string) => [...e.sb.world.buckets.get(bucket)!.cnames.keys()].sort();

describe('repairs and leftovers', () => {
  it('an unbind whose DeleteCname failed is finished by the next unbind: the binding goes first, while our record proves it ours', async () => {
    env = await engineSandbox({ seed: base });
    const e = env;
    expect(
      (await apply(e.rt, await plan(e.rt, file(entry('sg.abc.com', 'abc-sg', '    region: ap-southeast-1\n'))))).ok,
    ).toBe(true);
    expect(bound(e, 'abc-sg')).toEqual(['sg.abc.com']);

    e.sb.control.failNext('DeleteCname', 1, 'AccessDenied', 403);
    const first = await apply(e.rt, await plan(e.rt, desiredFromUnbind('sg.abc.com', 'web')));
    expect(first.ok).toBe(false);
    // Nothing after the failed DeleteCname ran: the CNAME that proves the binding ours is still there.
    expect(records(e).filter((r) => r.startsWith('sg '))).toEqual(['sg CNAME abc-sg.oss-ap-southeast-1.aliyuncs.com']);
    expect(bound(e, 'abc-sg')).toEqual(['sg.abc.com']);

    const again = await plan(e.rt, desiredFromUnbind('sg.abc.com', 'web'));
    expect(again.domains[0]!.steps.map((x) => x.kind)).toEqual(['unbind', 'delete-record', 'delete-record']);
    expect((await apply(e.rt, again)).ok).toBe(true);
    expect(bound(e, 'abc-sg')).toEqual([]);
    expect(records(e).filter((r) => r.includes('sg'))).toEqual([]);

    const nothing = await plan(e.rt, desiredFromUnbind('sg.abc.com', 'web'));
    expect(nothing.domains[0]!.steps).toEqual([]);
    expect(nothing.warnings[0]!.message).toMatch(/no bucket of this account has sg\.abc\.com bound/);
  });

  it('prune finds the binding of an orphan that only has its _dnsauth TXT left, and leaves it: nothing proves it ours', async () => {
    env = await engineSandbox({ seed: base });
    const e = env;
    await apply(e.rt, await plan(e.rt, file(entry('a.abc.com') + entry('b.abc.com', 'abc-new'))));
    const cname = [...e.sb.world.zones.get('abc.com')!.records.values()].find(
      (r) => r.rr === 'b' && r.type === 'CNAME',
    );
    e.sb.world.zones.get('abc.com')!.records.delete(cname!.recordId);

    const kept = await plan(e.rt, file(entry('a.abc.com')));
    expect(kept.warnings.map((w) => w.domain)).toEqual(['b.abc.com']);
    const pruned = await plan(e.rt, file(entry('a.abc.com'), 'prune: true\n'));
    expect(pruned.domains[1]!.steps.map((x) => x.kind)).toEqual(['delete-record']);
    expect(pruned.warnings).toContainEqual(
      expect.objectContaining({ domain: 'b.abc.com', code: 'binding-kept', message: expect.stringMatching(/abc-new/) }),
    );
    expect((await apply(e.rt, pruned)).ok).toBe(true);
    expect(bound(e, 'abc-new')).toEqual(['b.abc.com']);

    // status still finds the binding, though no record or CDN origin points at the bucket any more.
    const [s] = await status(e.rt, { domains: ['b.abc.com'] });
    expect(s!.binding).toMatchObject({ bucket: 'abc-new' });
  });

  it("changing an entry's bucket moves the domain when our own record points at the old bucket", async () => {
    env = await engineSandbox({ seed: base });
    const e = env;
    await apply(e.rt, await plan(e.rt, file(entry('img.abc.com'))));
    e.sb.control.clearCalls();
    const p = await plan(e.rt, file(entry('img.abc.com', 'abc-new')));
    expect(e.writes()).toEqual([]);
    expect(p.domains[0]!.conflicts).toEqual([]);
    expect(p.domains[0]!.steps.map((x) => x.kind)).toEqual(['unbind', 'bind', 'update-record']);
    expect((await apply(e.rt, p)).ok).toBe(true);
    expect(bound(e, 'abc-img')).toEqual([]);
    expect(bound(e, 'abc-new')).toEqual(['img.abc.com']);
    expect(records(e)).toContain('img CNAME abc-new.oss-cn-hangzhou.aliyuncs.com');
  });

  it('a binding made by someone else on a bucket the record points at is a plan-time conflict naming it', async () => {
    env = await engineSandbox({
      seed: {
        ...base,
        zones: [
          { name: 'abc.com', records: [{ rr: 'pic', type: 'CNAME', value: 'unrelated.oss-cn-beijing.aliyuncs.com' }] },
        ],
        buckets: [
          ...base.buckets!.filter((b) => b.name !== 'unrelated'),
          { name: 'unrelated', region: 'cn-beijing', cnames: [{ domain: 'pic.abc.com' }] },
        ],
      },
    });
    const p = await plan(env.rt, file(entry('pic.abc.com')));
    expect(p.domains[0]!.conflicts.map((c) => c.code)).toEqual(['bound-elsewhere', 'foreign-record']);
    expect(p.domains[0]!.conflicts[0]!.message).toContain('bound to the bucket unrelated (cn-beijing)');
  });

  it("CDN's verification TXT goes with our last CDN domain under its root, not before", async () => {
    env = await engineSandbox({ seed: base });
    const e = env;
    const both = file(
      entry('s1.abc.com', 'abc-img', '    cdn: true\n') + entry('x.cdn.abc.com', 'abc-img', '    cdn: true\n'),
    );
    expect((await apply(e.rt, await plan(e.rt, both))).ok).toBe(true);
    const verification = () => records(e).filter((r) => r.startsWith('verification '));
    expect(verification()).toHaveLength(1);

    // One of the two goes: the other still lives under abc.com, so the record stays.
    const one = await plan(e.rt, desiredFromUnbind('s1.abc.com', 'web'));
    expect(one.domains[0]!.steps.map((s) => s.kind)).toEqual([
      'unbind',
      'delete-record',
      'delete-cdn',
      'delete-record',
    ]);
    await apply(e.rt, one);
    expect(verification()).toHaveLength(1);

    // Turning cdn off on the last one removes the CDN domain and, with it, the verification record.
    const off = await plan(e.rt, file(entry('x.cdn.abc.com')));
    expect(off.domains[0]!.steps.map((s) => s.kind)).toEqual(['update-record', 'delete-cdn', 'delete-record']);
    expect((await apply(e.rt, off)).ok).toBe(true);
    expect(verification()).toEqual([]);
    expect([...e.sb.world.cdn.keys()]).toEqual([]);
    expect(records(e)).toContain('www A 203.0.113.10');
  });

  it('a verification TXT we did not write is never removed', async () => {
    env = await engineSandbox({
      seed: { ...base, zones: [{ name: 'abc.com', records: [{ rr: 'verification', type: 'TXT', value: 'theirs' }] }] },
    });
    const e = env;
    await apply(e.rt, await plan(e.rt, file(entry('s1.abc.com', 'abc-img', '    cdn: true\n'))));
    const unbind = await plan(e.rt, desiredFromUnbind('s1.abc.com', 'web'));
    await apply(e.rt, unbind);
    expect(records(e).filter((r) => r.startsWith('verification '))).toEqual(['verification TXT theirs']);
  });

  it('drift reports the missing record of a dns: none domain that is otherwise in place as drift, with what to create', async () => {
    env = await engineSandbox({
      seed: {
        ...base,
        // partner.com stands for the other DNS provider: oss-domains never writes to it here.
        zones: [{ name: 'partner.com' }],
        buckets: [
          { name: 'abc-img', region: 'cn-hangzhou', acl: 'public-read', cnames: [{ domain: 'www.partner.com' }] },
        ],
      },
    });
    const e = env;
    const want = file(entry('www.partner.com', 'abc-img', '    dns: none\n'));
    const missing = await drift(e.rt, want);
    // Issue 15, finding 6: a missing CNAME is drift (exit 2), not only a warning.
    expect(missing.drift).toBe(true);
    expect(missing.plan.domains[0]!.steps).toEqual([
      {
        kind: 'manual-record',
        domain: 'www.partner.com',
        name: 'www.partner.com',
        type: 'CNAME',
        value: 'abc-img.oss-cn-hangzhou.aliyuncs.com',
      },
    ]);
    expect(renderPlan(missing.plan)).toContain(
      'create at your DNS provider: www.partner.com CNAME abc-img.oss-cn-hangzhou.aliyuncs.com',
    );
    expect(e.writes()).toEqual([]);

    e.sb.control.seed({
      zones: [
        { name: 'partner.com', records: [{ rr: 'www', type: 'CNAME', value: 'abc-img.oss-cn-hangzhou.aliyuncs.com' }] },
      ],
    });
    const fixed = await drift(e.rt, want);
    expect([fixed.drift, fixed.plan.warnings]).toEqual([false, []]);
  });

  it('an unbind as another owner leaves the records and names the owner that can remove them', async () => {
    env = await engineSandbox({ seed: base });
    const e = env;
    await apply(e.rt, await plan(e.rt, file(entry('img.abc.com'))));
    const p = await plan(e.rt, desiredFromUnbind('img.abc.com', 'default'));
    expect(p.domains[0]!.steps.map((s) => s.kind)).toEqual([]);
    expect(p.warnings.map((w) => w.code)).toContain('binding-kept');
    expect(p.warnings.map((w) => w.message)).toContainEqual(
      expect.stringContaining(
        'owned by oss-domains owner "web"; it was left in place (remove the domain as owner "web" to delete it)',
      ),
    );
  });

  it('our CNAME disabled by hand is drift, and apply enables it again', async () => {
    env = await engineSandbox({ seed: base });
    const e = env;
    const want = file(entry('img.abc.com'));
    await apply(e.rt, await plan(e.rt, want));
    const cname = [...e.sb.world.zones.get('abc.com')!.records.values()].find(
      (r) => r.rr === 'img' && r.type === 'CNAME',
    )!;
    cname.status = 'DISABLE';

    const d = await drift(e.rt, want);
    expect(d.drift).toBe(true);
    expect(renderPlan(d.plan)).toContain('(it is disabled: enable it)');
    e.sb.control.clearCalls();
    const fixed = await apply(e.rt, await plan(e.rt, want));
    expect(fixed.ok).toBe(true);
    expect(e.writes()).toEqual(['alidns SetDomainRecordStatus']);
    expect(cname.status).toBe('ENABLE');
    expect(fixed.verifications[0]).toMatchObject({ ok: true });
    expect((await drift(e.rt, want)).drift).toBe(false);
  });

  it('refresh of a URL whose domain is not on CDN names that domain', async () => {
    env = await engineSandbox({
      seed: {
        ...base,
        cdn: [{ domain: 'static.abc.com', origin: 'abc-img.oss-cn-hangzhou.aliyuncs.com', status: 'online' }],
      },
    });
    const e = await refresh(env.rt, {
      paths: ['https://static.abc.com/a.png', 'https://img.abc.com/b.png'],
    }).catch((x: unknown) => x as CloudError);
    expect(e).toBeInstanceOf(CloudError);
    expect((e as CloudError).code).toBe('InvalidDomain.NotFound');
    expect((e as CloudError).message).toMatch(/^img\.abc\.com is not a CDN domain of this account/);
    expect((e as CloudError).hint).toMatch(/bound straight to OSS/);
  });

  it("a bucket declared in the wrong region: the error names the bucket's real region", async () => {
    env = await engineSandbox({ seed: base });
    const e = await plan(env.rt, file(entry('sg.abc.com', 'abc-sg'))).catch((x: unknown) => x as CloudError);
    expect(e).toBeInstanceOf(CloudError);
    expect((e as CloudError).message).toBe('the bucket abc-sg is in ap-southeast-1, not cn-hangzhou');
    expect((e as CloudError).hint).toMatch(/region: ap-southeast-1/);
  });
});
