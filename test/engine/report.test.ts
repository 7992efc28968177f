import { describe, expect, it } from 'vitest';
import { apply } from '../../src/core/engine/apply.js';
import { drift, healthWarnings } from '../../src/core/engine/drift.js';
import { observe } from '../../src/core/engine/observe.js';
import { computePlan } from '../../src/core/engine/plan.js';
import { status } from '../../src/core/engine/status.js';
import { renderApplyResult, renderPlan } from '../../src/core/render.js';
import { desired, OSS_TARGET, observed, rec, spec } from '../support/engine-helpers.js';
import { FakeCloud } from '../support/fake-cloud.js';

const DAY = 86_400_000;

describe('drift', () => {
  it('warns about certificates expiring within 30 days, expired ones, and CDN domains not online', () => {
    const now = Date.parse('2026-11-28T00:00:00Z');
    const o = observed({
      bindings: [
        {
          domain: 'a.abc.com',
          certificate: { certId: '1-cn-hangzhou', validEndDate: new Date(now + 10 * DAY).toUTCString() },
        },
        {
          domain: 'b.abc.com',
          certificate: { certId: '2-cn-hangzhou', validEndDate: new Date(now - DAY).toUTCString() },
        },
        {
          domain: 'c.abc.com',
          certificate: { certId: '3-cn-hangzhou', validEndDate: new Date(now + 90 * DAY).toUTCString() },
        },
      ],
      cdn: [{ domain: 'd.abc.com', owner: 'web', status: 'offline' }],
    });
    const d = desired([
      spec('a.abc.com'),
      spec('b.abc.com'),
      spec('c.abc.com'),
      spec('d.abc.com', 'abc-img', { cdn: { scope: 'domestic' } }),
    ]);
    const w = healthWarnings(d, o, now);
    expect(w.map((x) => [x.domain, x.code])).toEqual([
      ['a.abc.com', 'cert-expiring'],
      ['b.abc.com', 'cert-expired'],
      ['d.abc.com', 'cdn-not-online'],
    ]);
    expect(w[0]!.message).toMatch(/expires in 10 days/);
  });

  it('a hand-edited record is drift; apply repairs it; then no drift', async () => {
    const cloud = new FakeCloud().bucket('abc-img').zone('abc.com');
    const rt = cloud.runtime();
    const want = desired([spec('img.abc.com')]);
    await apply(rt, computePlan(want, await observe(rt, want)));
    expect((await drift(rt, want)).drift).toBe(false);

    cloud.records('abc.com', 'img')[0]!.value = '198.51.100.7.example.net';
    const report = await drift(rt, want);
    expect(report.drift).toBe(true);
    expect(renderPlan(report.plan)).toMatch(/img\.abc\.com: CNAME 198\.51\.100\.7\.example\.net → CNAME abc-img/);
    await apply(rt, report.plan);
    expect(cloud.records('abc.com', 'img')[0]!.value).toBe(OSS_TARGET);
    expect((await drift(rt, want)).drift).toBe(false);
  });

  it('lists orphans found in any zone, without calling them drift when prune is off', async () => {
    const cloud = new FakeCloud().bucket('abc-img').zone('abc.com').zone('other.org');
    cloud.put('other.org', { rr: 'old', type: 'CNAME', value: OSS_TARGET, remark: 'oss-domains:web' });
    const report = await drift(cloud.runtime(), desired([]));
    expect(report.orphans).toEqual(['old.other.org']);
    expect(report.drift).toBe(false);
    expect(report.plan.warnings.map((w) => w.code)).toEqual(['orphan']);
  });
});

describe('status', () => {
  it('shows binding, record, CDN and what the resolver answers, for asked domains and for buckets', async () => {
    const cloud = new FakeCloud().bucket('abc-img').zone('abc.com', [{ rr: 'www', type: 'A', value: '203.0.113.10' }]);
    const rt = cloud.runtime();
    const want = desired([spec('img.abc.com')]);
    await apply(rt, computePlan(want, await observe(rt, want)));
    cloud.calls = [];
    const [s] = await status(rt, { domains: ['IMG.abc.com.'] });
    expect(s).toMatchObject({
      domain: 'img.abc.com',
      binding: { bucket: 'abc-img', region: 'cn-hangzhou' },
      record: { zone: 'abc.com', rr: 'img', type: 'CNAME', value: OSS_TARGET, owned: true },
      verification: { ok: true, expected: OSS_TARGET },
    });
    expect(cloud.writes()).toEqual([]);
    const byBucket = await status(rt, { buckets: [{ name: 'abc-img', region: 'cn-hangzhou' }] });
    expect(byBucket.map((x) => x.domain)).toEqual(['img.abc.com']);
    const noRegion = await status(rt, { buckets: [{ name: 'abc-img' }] });
    expect(noRegion.map((x) => x.domain)).toEqual(['img.abc.com']);
    expect(cloud.calls.map((c) => c.method)).toContain('getBucketRegion');
    const everything = await status(rt, {});
    expect(everything.map((x) => x.domain)).toEqual(['img.abc.com']);
  });

  it('refuses a name that is not a domain before any call', async () => {
    const cloud = new FakeCloud().bucket('abc-img').zone('abc.com');
    await expect(status(cloud.runtime(), { domains: ['img abc.com'] })).rejects.toMatchObject({
      service: 'config',
      code: 'InvalidDomainName',
      message: expect.stringContaining('contains a blank'),
    });
    expect(cloud.calls).toEqual([]);
  });
});

describe('render', () => {
  it('text: one line per step with +/~/-, conflicts with their hint, warnings and a summary', () => {
    const p = computePlan(
      desired([spec('img.abc.com'), spec('www.abc.com'), spec('ok.abc.com')]),
      observed({
        records: [
          rec('abc.com', 'www', 'A', '203.0.113.10'),
          rec('abc.com', 'ok', 'CNAME', OSS_TARGET, { remark: 'oss-domains:web' }),
          rec('abc.com', 'gone', 'CNAME', OSS_TARGET, { remark: 'oss-domains:web' }),
        ],
        bindings: [{ domain: 'ok.abc.com' }],
      }),
    );
    const text = renderPlan(p);
    expect(text).toContain('img.abc.com → abc-img.oss-cn-hangzhou.aliyuncs.com  (create)');
    expect(text).toContain('  + bind to bucket abc-img (cn-hangzhou), proving ownership with TXT _dnsauth.img.abc.com');
    expect(text).toContain('  + CNAME img.abc.com → abc-img.oss-cn-hangzhou.aliyuncs.com (TTL 600)');
    expect(text).toMatch(/ {2}! foreign-record: www\.abc\.com already has .*A 203\.0\.113\.10/);
    expect(text).toContain(
      '    → delete or change that record yourself, or set "takeover: true" (bind: --takeover) to replace it',
    );
    expect(text).toMatch(/Warnings:\n {2}- gone\.abc\.com: .*prune: true/);
    expect(text).toContain('Plan: 1 to create, 0 to update, 0 to delete, 1 in conflict, 1 unchanged.');
  });

  it('nothing to do is said plainly', () => {
    const none = computePlan(desired([]), observed({}));
    expect(renderPlan(none)).toBe('No changes: 0 domains are in sync.');
  });

  it('apply results list each step with its request ids and the verification', async () => {
    const cloud = new FakeCloud().bucket('abc-img').zone('abc.com');
    const rt = cloud.runtime();
    const want = desired([spec('img.abc.com')]);
    const result = await apply(rt, computePlan(want, await observe(rt, want)));
    const text = renderApplyResult(result);
    expect(text).toMatch(/✓ img\.abc\.com: bind to bucket abc-img .*: bound to abc-img \[req-\d+/);
    expect(text).toContain('✓ img.abc.com resolves to abc-img.oss-cn-hangzhou.aliyuncs.com');
  });
});
