import { describe, expect, it } from 'vitest';
import { apply } from '../../src/core/engine/apply.js';
import { desiredFromBind } from '../../src/core/engine/desired.js';
import { observe } from '../../src/core/engine/observe.js';
import { computePlan } from '../../src/core/engine/plan.js';
import type { DesiredState } from '../../src/core/model.js';
import type { Runtime } from '../../src/core/ports.js';
import { desired, OSS_TARGET, spec } from '../support/engine-helpers.js';
import { err, FakeCloud } from '../support/fake-cloud.js';

const MARK = 'oss-domains:web';

async function run(rt: Runtime, d: DesiredState) {
  const plan = computePlan(d, await observe(rt, d));
  return apply(rt, plan);
}

function world(): FakeCloud {
  return new FakeCloud().bucket('abc-img').zone('abc.com', [{ rr: 'www', type: 'A', value: '203.0.113.10' }]);
}

describe('apply (against in-memory ports)', () => {
  it('binds a fresh domain: token → _dnsauth TXT → PutCname retried until OSS sees it → marked CNAME → verified', async () => {
    const cloud = world();
    cloud.ownershipDelayMs = 5_000;
    const rt = cloud.runtime();
    const result = await run(rt, desired([spec('img.abc.com')]));

    expect(result.ok).toBe(true);
    const txt = cloud.records('abc.com', '_dnsauth.img');
    expect(txt).toEqual([
      expect.objectContaining({ type: 'TXT', value: cloud.token('abc-img', 'img.abc.com'), remark: MARK }),
    ]);
    expect(cloud.buckets.get('abc-img')!.cnames.has('img.abc.com')).toBe(true);
    expect(cloud.records('abc.com', 'img')).toEqual([
      expect.objectContaining({ type: 'CNAME', value: OSS_TARGET, remark: MARK }),
    ]);
    const puts = cloud.calls.filter((c) => c.method === 'putCname');
    expect(puts.length).toBeGreaterThan(1);
    expect(cloud.events.some((e) => e.kind === 'wait' && /_dnsauth\.img\.abc\.com/.test(e.message))).toBe(true);
    expect(result.verifications).toEqual([expect.objectContaining({ domain: 'img.abc.com', ok: true })]);
    expect(result.results.every((r) => r.requestIds.length > 0)).toBe(true);
  });

  it('a second run makes no write call at all', async () => {
    const cloud = world();
    const rt = cloud.runtime();
    await run(rt, desired([spec('img.abc.com'), spec('cdn.abc.com', 'abc-img', { cdn: { scope: 'domestic' } })]));
    cloud.cdnVerifiedRoots.add('abc.com');
    await run(rt, desired([spec('img.abc.com'), spec('cdn.abc.com', 'abc-img', { cdn: { scope: 'domestic' } })]));
    cloud.calls = [];
    const again = await run(
      rt,
      desired([spec('img.abc.com'), spec('cdn.abc.com', 'abc-img', { cdn: { scope: 'domestic' } })]),
    );
    expect(again.results).toEqual([]);
    expect(cloud.writes()).toEqual([]);
  });

  it('CDN: proves ownership with verification.<root>, waits for online, points the record at the assigned CNAME', async () => {
    const cloud = world();
    cloud.cdnOnlineDelayMs = 10_000;
    const rt = cloud.runtime();
    const result = await run(
      rt,
      desired([spec('img.abc.com', 'abc-img', { cdn: { scope: 'domestic' }, https: { certId: '12345' } })]),
    );
    expect(result.ok).toBe(true);
    expect(cloud.records('abc.com', 'verification')).toEqual([
      expect.objectContaining({ type: 'TXT', value: 'verify_abccom' }),
    ]);
    const d = cloud.cdnDomains.get('img.abc.com')!;
    expect(d.sources).toEqual([{ type: 'oss', content: OSS_TARGET, port: 443 }]);
    expect(d.owner).toBe('web');
    expect(d.sslProtocol).toBe('on');
    expect(cloud.records('abc.com', 'img')[0]).toMatchObject({ value: 'img.abc.com.w.kunlunsl.com', remark: MARK });
    expect(cloud.events.some((e) => e.kind === 'wait' && /configuring/.test(e.message))).toBe(true);
    expect(result.verifications[0]).toMatchObject({ expected: 'img.abc.com.w.kunlunsl.com', ok: true });
  });

  it('a record waits for a CDN domain that is still configuring before pointing at it', async () => {
    const cloud = world().bind('abc-img', 'img.abc.com');
    cloud.cdnVerifiedRoots.add('abc.com');
    cloud.cdnOnlineDelayMs = 30_000;
    const rt = cloud.runtime();
    await rt.cdn.addDomain('img.abc.com', {
      sources: [{ type: 'oss', content: OSS_TARGET, port: 443 }],
      scope: 'domestic',
      owner: 'web',
    });
    const start = cloud.now;
    const result = await run(rt, desired([spec('img.abc.com', 'abc-img', { cdn: { scope: 'domestic' } })]));
    expect(result.ok).toBe(true);
    const add = cloud.calls.findIndex((c) => c.method === 'addRecord');
    const polls = cloud.calls.slice(0, add).filter((c) => c.method === 'getDomain');
    expect(polls.length).toBeGreaterThan(1);
    expect(cloud.now - start).toBeGreaterThanOrEqual(30_000);
    expect(cloud.records('abc.com', 'img')[0]).toMatchObject({ value: 'img.abc.com.w.kunlunsl.com' });
  });

  it('throttling and 5xx are retried until the change goes through', async () => {
    const cloud = world();
    const rt = cloud.runtime({ maxAttempts: 6 });
    cloud.failNext('addRecord', 2, () => err('alidns', 'Throttling.User', 400));
    cloud.failNext('putCname', 1, () => err('oss', 'InternalError', 500));
    const result = await run(rt, desired([spec('img.abc.com')]));
    expect(result.ok).toBe(true);
    expect(cloud.events.filter((e) => e.kind === 'retry')).toHaveLength(3);
    expect(cloud.records('abc.com', 'img')).toHaveLength(1);
  });

  it('a 4xx is not retried: that domain stops (rest skipped), the others carry on', async () => {
    const cloud = world();
    const rt = cloud.runtime();
    cloud.failNext('addRecord', 1, () => err('alidns', 'Forbidden.RAM', 403, 'no permission'));
    const result = await run(rt, desired([spec('img.abc.com'), spec('static.abc.com')]));
    expect(result.ok).toBe(false);
    const failed = result.results.filter((r) => !r.ok);
    // The first addRecord is the TXT of whichever domain started first; its bind fails, its record step is skipped.
    expect(failed).toHaveLength(2);
    expect(failed[0]!.error).toMatch(/Forbidden\.RAM/);
    expect(failed[1]!.error).toMatch(/skipped/);
    expect(cloud.calls.filter((c) => c.method === 'addRecord')).toHaveLength(3);
    expect(cloud.buckets.get('abc-img')!.cnames.size).toBe(1);
  });

  it('gives up on ownership after the time limit, naming the TXT record OSS waits for', async () => {
    const cloud = world();
    cloud.ownershipDelayMs = 10 * 60_000;
    const rt = cloud.runtime({ ownershipTimeoutMs: 30_000 });
    const result = await run(rt, desired([spec('img.abc.com')]));
    expect(result.ok).toBe(false);
    expect(result.results[0]!.error).toMatch(/does not see the TXT record _dnsauth\.img\.abc\.com = tok/);
    expect(result.results[0]!.error).toMatch(/run apply again later/);
  });

  it('CnameAlreadyExists and NoSuchCnameInRecord become messages that say what to do', async () => {
    const cloud = world().bucket('hidden-bucket').bind('hidden-bucket', 'img.abc.com');
    cloud.unfiled.add('static.abc.com');
    const rt = cloud.runtime();
    const result = await run(rt, desired([spec('img.abc.com'), spec('static.abc.com')]));
    const errors = result.results.filter((r) => r.step.kind === 'bind').map((r) => r.error);
    expect(errors[0]).toMatch(/already bound to the bucket hidden-bucket \(cn-hangzhou\), not abc-img/);
    expect(errors[1]).toMatch(/no ICP filing/);
    expect(cloud.records('abc.com', 'img')).toHaveLength(0);
  });

  it('records created just before a crash (no remark yet) are adopted by the next run, then left alone', async () => {
    const cloud = world();
    const rt = cloud.runtime();
    // A crash right after the _dnsauth TXT was added.
    cloud.failNext('setRemark', 1, () => err('alidns', 'Forbidden.RAM', 403));
    expect((await run(rt, desired([spec('img.abc.com')]))).ok).toBe(false);
    expect(cloud.records('abc.com', '_dnsauth.img')[0]!.remark).toBeUndefined();
    const second = await run(rt, desired([spec('img.abc.com')]));
    expect(second.ok).toBe(true);
    expect(cloud.records('abc.com', '_dnsauth.img')).toEqual([expect.objectContaining({ remark: MARK })]);
    expect(cloud.records('abc.com', 'img')).toEqual([expect.objectContaining({ remark: MARK })]);

    // Now a CNAME whose remark was lost: the plan adopts it.
    const cloud2 = world().bind('abc-img', 'img.abc.com');
    const rt2 = cloud2.runtime();
    cloud2.failNext('setRemark', 1, () => err('alidns', 'Forbidden.RAM', 403));
    expect((await run(rt2, desired([spec('img.abc.com')]))).ok).toBe(false);
    expect(cloud2.records('abc.com', 'img')).toEqual([expect.objectContaining({ remark: undefined })]);
    const adopt = await run(rt2, desired([spec('img.abc.com')]));
    expect(adopt.ok).toBe(true);
    expect(adopt.results.map((r) => r.step.kind)).toEqual(['update-record']);
    expect(cloud2.writes().filter((c) => c.method === 'updateRecord')).toEqual([]);
    expect(cloud2.records('abc.com', 'img')).toEqual([expect.objectContaining({ remark: MARK })]);
    cloud2.calls = [];
    await run(rt2, desired([spec('img.abc.com')]));
    expect(cloud2.writes()).toEqual([]);
  });

  it('a CNAME that appeared since the plan (lost answer of an earlier add) is adopted, not duplicated', async () => {
    const cloud = world().bind('abc-img', 'img.abc.com');
    const rt = cloud.runtime();
    const d = desired([spec('img.abc.com')]);
    const plan = computePlan(d, await observe(rt, d));
    cloud.put('abc.com', { rr: 'img', type: 'CNAME', value: OSS_TARGET });
    const result = await apply(rt, plan);
    expect(result.ok).toBe(true);
    expect(cloud.records('abc.com', 'img')).toEqual([expect.objectContaining({ remark: MARK })]);
  });

  it('unbind removes what we own and nothing else', async () => {
    const cloud = world();
    const rt = cloud.runtime();
    await run(rt, desired([spec('img.abc.com')]));
    const result = await run(rt, desired([], { absent: ['img.abc.com'], scope: 'only' }));
    expect(result.ok).toBe(true);
    expect(cloud.buckets.get('abc-img')!.cnames.size).toBe(0);
    expect(cloud.records('abc.com').map((r) => r.rr)).toEqual(['www']);
  });

  it('bind from a command refuses a bad domain or bucket name before any call, saying how to fix it', async () => {
    const cloud = world();
    const rt = cloud.runtime();
    await expect(desiredFromBind(rt, { domain: '*.abc.com', bucket: 'abc-img', owner: 'web' })).rejects.toMatchObject({
      service: 'config',
      code: 'InvalidArgument',
      message: expect.stringContaining('wildcard'),
    });
    await expect(desiredFromBind(rt, { domain: 'img.abc.com', bucket: 'Abc-Img', owner: 'web' })).rejects.toMatchObject(
      { code: 'InvalidArgument', hint: expect.stringContaining('"abc-img"') },
    );
    const bind = (extra: { region?: string; certId?: string }) =>
      desiredFromBind(rt, { domain: 'img.abc.com', bucket: 'abc-img', owner: 'web', ...extra });
    await expect(bind({ region: 'cn-hangzou' })).rejects.toThrow(/did you mean "cn-hangzhou"/);
    await expect(bind({ certId: 'cert-abc' })).rejects.toThrow(/"cert-abc" is not a certificate id/);
    await expect(bind({ certId: '12345-cn-hangzou' })).rejects.toThrow(/did you mean "cn-hangzhou"/);
    expect(cloud.calls).toEqual([]);
    await expect(bind({ region: 'OSS-CN-HANGZHOU', certId: '12345-ap-southeast-1' })).resolves.toMatchObject({
      domains: [{ region: 'cn-hangzhou', https: { certId: '12345-ap-southeast-1' } }],
    });
    // Without --region, the region is looked up; the defaults are those of domains.yml.
    const d = await desiredFromBind(rt, { domain: 'IMG.abc.com', bucket: 'abc-img', cdn: true, owner: 'web' });
    expect(d.domains).toEqual([
      expect.objectContaining({ domain: 'img.abc.com', region: 'cn-hangzhou', ttl: 600, cdn: { scope: 'domestic' } }),
    ]);
    expect(cloud.calls.map((c) => c.method)).toEqual(['getBucketRegion']);
  });

  it('calls in flight per service never exceed tuning.concurrency', async () => {
    const cloud = world();
    const rt = cloud.runtime({ concurrency: 2 });
    cloud.callLatencyMs = 2;
    const names = Array.from({ length: 12 }, (_, i) => spec(`d${i}.abc.com`));
    const result = await run(rt, desired(names));
    expect(result.ok).toBe(true);
    expect(cloud.peakInFlight.alidns).toBe(2);
  });
});
