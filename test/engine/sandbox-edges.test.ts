/**
 * Issue 4 "Done when" (continued) and issue 7's lock, against the sandbox through the real adapters: prune, nested
 * zones, a zone over one page, IDN, a domain bound to another bucket, no ICP filing, faults, unbind, refresh, lock.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { apply, desiredFromUnbind, plan, refresh, withApplyLock } from '../../src/core/index.js';
import type { SeedSpec } from '../../src/sandbox/index.js';
import { OSS_TARGET } from '../support/engine-helpers.js';
import { type EngineSandbox, engineSandbox, entry, file } from '../support/engine-sandbox.js';

const base: SeedSpec = {
  zones: [{ name: 'abc.com', records: [{ rr: 'www', type: 'A', value: '203.0.113.10' }] }],
  buckets: [
    { name: 'abc-img', region: 'cn-hangzhou', acl: 'public-read' },
    { name: 'abc-ops', region: 'cn-hangzhou' },
  ],
};

let env: EngineSandbox | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

const rrs = (e: EngineSandbox, zone: string) =>
  [...e.sb.world.zones.get(zone)!.records.values()].map((r) => r.rr).sort();
const bound = (e: EngineSandbox, bucket: string) => [...e.sb.world.buckets.get(bucket)!.cnames.keys()].sort();

describe('the engine against the sandbox: edges', () => {
  it('prune: false only reports a domain dropped from the file; prune: true removes what we own', async () => {
    env = await engineSandbox({ seed: base });
    await apply(env.rt, await plan(env.rt, file(entry('a.abc.com') + entry('b.abc.com'))));
    expect(bound(env, 'abc-img')).toEqual(['a.abc.com', 'b.abc.com']);

    env.sb.control.clearCalls();
    const kept = await plan(env.rt, file(entry('a.abc.com')));
    expect(kept.warnings).toEqual([expect.objectContaining({ domain: 'b.abc.com', code: 'orphan' })]);
    expect((await apply(env.rt, kept)).results).toEqual([]);
    expect(env.writes()).toEqual([]);

    const pruned = await apply(env.rt, await plan(env.rt, file(entry('a.abc.com'), 'prune: true\n')));
    expect(pruned.ok).toBe(true);
    expect(bound(env, 'abc-img')).toEqual(['a.abc.com']);
    expect(rrs(env, 'abc.com')).toEqual(['_dnsauth.a', 'a', 'www']);
  });

  it('nested zones: a domain of the inner zone gets its records there', async () => {
    env = await engineSandbox({ seed: { ...base, zones: [...base.zones!, { name: 'cdn.abc.com' }] } });
    const r = await apply(env.rt, await plan(env.rt, file(entry('x.cdn.abc.com'))));
    expect(r.ok).toBe(true);
    expect(rrs(env, 'cdn.abc.com')).toEqual(['_dnsauth.x', 'x']);
    expect(rrs(env, 'abc.com')).toEqual(['www']);
    expect(r.verifications[0]).toMatchObject({ ok: true });
  });

  it('a zone with more than 500 records is read to the end (paging), and the re-apply is still a no-op', async () => {
    const many = Array.from({ length: 620 }, (_, i) => ({ rr: `host${i}`, type: 'A', value: `198.51.100.${i % 250}` }));
    env = await engineSandbox({ seed: { ...base, zones: [{ name: 'abc.com', records: many }] } });
    const want = file(entry('zzz.abc.com'));
    expect((await apply(env.rt, await plan(env.rt, want))).ok).toBe(true);
    env.sb.control.clearCalls();
    const again = await plan(env.rt, want);
    expect(again.domains[0]!.action).toBe('noop');
    expect(env.sb.control.calls({ action: 'DescribeDomainRecords' }).length).toBeGreaterThanOrEqual(2);
    expect(env.writes()).toEqual([]);
  });

  it('an IDN domain is bound and recorded in its punycode form', async () => {
    env = await engineSandbox({ seed: base });
    const want = file(entry('bücher.abc.com'));
    expect(want.domains[0]!.domain).toBe('xn--bcher-kva.abc.com');
    const r = await apply(env.rt, await plan(env.rt, want));
    expect(r.ok).toBe(true);
    expect(bound(env, 'abc-img')).toEqual(['xn--bcher-kva.abc.com']);
    expect(rrs(env, 'abc.com')).toContain('xn--bcher-kva');
  });

  it('a domain bound to another bucket: named at plan when that bucket is read, found and named at apply when not', async () => {
    env = await engineSandbox({
      seed: {
        ...base,
        buckets: [
          ...base.buckets!,
          { name: 'old-img', region: 'cn-hangzhou', cnames: [{ domain: 'img.abc.com' }, { domain: 'pic.abc.com' }] },
        ],
      },
    });
    const named = await plan(env.rt, file(entry('img.abc.com') + entry('other.abc.com', 'old-img')));
    expect(named.domains[0]!.conflicts[0]).toMatchObject({ code: 'bound-elsewhere' });
    expect(named.domains[0]!.conflicts[0]!.message).toContain('bound to the bucket old-img');

    const hidden = await apply(env.rt, await plan(env.rt, file(entry('pic.abc.com'))));
    expect(hidden.ok).toBe(false);
    expect(hidden.results[0]!.error).toMatch(
      /CnameAlreadyExists: pic\.abc\.com is already bound to the bucket old-img/,
    );
    expect(hidden.results[0]!.error).toMatch(/takeover: true/);
    expect(rrs(env, 'abc.com')).not.toContain('pic');
    expect(bound(env, 'old-img')).toContain('pic.abc.com');

    // With takeover, the bucket nothing pointed at is found and the domain moved in the same apply.
    const taken = await apply(
      env.rt,
      await plan(env.rt, file(entry('pic.abc.com', 'abc-img', '    takeover: true\n'))),
    );
    expect(taken.ok, JSON.stringify(taken.results)).toBe(true);
    expect(bound(env, 'abc-img')).toContain('pic.abc.com');
    expect(bound(env, 'old-img')).not.toContain('pic.abc.com');

    const moved = await apply(
      env.rt,
      await plan(
        env.rt,
        file(entry('img.abc.com', 'abc-img', '    takeover: true\n') + entry('other.abc.com', 'old-img')),
      ),
    );
    expect(moved.ok).toBe(true);
    expect(bound(env, 'abc-img')).toContain('img.abc.com');
    expect(bound(env, 'old-img')).not.toContain('img.abc.com');
  });

  it('a domain without ICP filing fails with a message that says so, and no DNS record is written', async () => {
    env = await engineSandbox({ seed: { ...base, unfiled: ['nofile.abc.com'] } });
    const r = await apply(env.rt, await plan(env.rt, file(entry('nofile.abc.com'))));
    expect(r.ok).toBe(false);
    expect(r.results[0]!.error).toMatch(/no ICP filing/);
    expect(r.results[0]!.error).toMatch(/NoSuchCnameInRecord/);
    expect(rrs(env, 'abc.com')).not.toContain('nofile');
  });

  it('converges under throttling, 5xx and connection resets', async () => {
    env = await engineSandbox({ seed: base, faultSeed: 7 }, { maxAttempts: 10 });
    env.sb.control.setFaults({ throttleRate: 0.2, errorRate: 0.1, resetRate: 0.05 });
    const want = file(Array.from({ length: 6 }, (_, i) => entry(`f${i}.abc.com`)).join(''));
    const r = await apply(env.rt, await plan(env.rt, want));
    expect(r.results.filter((x) => !x.ok)).toEqual([]);
    expect(env.sb.control.calls({ injected: true }).length).toBeGreaterThan(0);
    expect(env.events.some((e) => e.kind === 'retry')).toBe(true);
    env.sb.control.clearFaults();
    expect(bound(env, 'abc-img')).toHaveLength(6);
    const marked = [...env.sb.world.zones.get('abc.com')!.records.values()].filter((x) => x.type === 'CNAME');
    expect(marked.map((x) => [x.value, x.remark])).toEqual(Array(6).fill([OSS_TARGET, 'oss-domains:web']));
    env.sb.control.clearCalls();
    expect((await apply(env.rt, await plan(env.rt, want))).results).toEqual([]);
    expect(env.writes()).toEqual([]);
  });

  it('unbind removes our record, the binding and the _dnsauth TXT, and nothing else', async () => {
    env = await engineSandbox({ seed: base });
    await apply(env.rt, await plan(env.rt, file(entry('img.abc.com'))));
    const r = await apply(env.rt, await plan(env.rt, desiredFromUnbind('img.abc.com', 'web')));
    expect(r.ok).toBe(true);
    expect(r.results.map((x) => x.step.kind)).toEqual(['unbind', 'delete-record', 'delete-record']);
    expect(bound(env, 'abc-img')).toEqual([]);
    expect(rrs(env, 'abc.com')).toEqual(['www']);
  });

  it('refresh: 1,500 URLs in two calls after the quota check, waiting until the tasks are complete', async () => {
    env = await engineSandbox({ seed: base, timing: { refreshCompleteMs: 200, cdnOnlineDelayMs: 50 } });
    await apply(env.rt, await plan(env.rt, file(entry('img.abc.com', 'abc-img', '    cdn: true\n'))));
    env.sb.control.clearCalls();
    const urls = Array.from({ length: 1_500 }, (_, i) => `http://img.abc.com/a/${i}.png`);
    const r = await refresh(env.rt, { paths: urls, wait: true });
    expect(r.calls.map((c) => c.count)).toEqual([1_000, 500]);
    const actions = env.sb.control.calls().map((c) => c.action);
    expect(actions[0]).toBe('DescribeRefreshQuota');
    expect(actions.filter((a) => a === 'RefreshObjectCaches')).toHaveLength(2);
    expect(r.tasks!.length).toBeGreaterThan(0);
    expect(r.tasks!.every((t) => t.status === 'Complete')).toBe(true);

    const keys = await refresh(env.rt, { paths: ['logo.png'], bucket: { name: 'abc-img' } });
    expect(keys.urls).toBe(1);
  });

  it('two applies sharing a state bucket: one runs, the other waits and then names the holder', async () => {
    env = await engineSandbox({ seed: base });
    const state = { bucket: 'abc-ops', region: 'cn-hangzhou' };
    const rt = env.rt;
    const want = file(entry('img.abc.com'));
    let entered!: () => void;
    const inside = new Promise<void>((r) => {
      entered = r;
    });
    let finish!: () => void;
    const gate = new Promise<void>((r) => {
      finish = r;
    });
    const first = withApplyLock(rt, state, { holder: 'github-actions run 101' }, async () => {
      entered();
      await gate;
      return apply(rt, await plan(rt, want));
    });
    await inside;
    const second = withApplyLock(rt, state, { holder: 'slack U42', waitMs: 300 }, async () => 'ran');
    await expect(second).rejects.toThrow(/another apply holds the lock: github-actions run 101/);
    finish();
    expect((await first).ok).toBe(true);
    expect(env.sb.world.buckets.get('abc-ops')!.objects.has('locks/apply.json')).toBe(false);
    await expect(withApplyLock(rt, state, { holder: 'slack U42' }, async () => 'ran')).resolves.toBe('ran');
  });
});
