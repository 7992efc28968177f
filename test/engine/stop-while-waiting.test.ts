/**
 * An apply stopped (its signal aborted: a bot shutting down, a lost apply lock) while a step waits — here for a CDN
 * domain that stays `configuring` — does not sit out the wait: it returns at once, the step is reported as
 * interrupted (what it did stands), the rest as not run, the apply lock is released, and the next apply finishes.
 * The poll interval is a minute, so only the abort can end the wait within the test's time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { applyDesired, renderApplyResult } from '../../src/core/index.js';
import { type EngineSandbox, engineSandbox, entry, file } from '../support/engine-sandbox.js';

const STATE_LINES = 'state:\n  bucket: abc-ops\n  region: cn-hangzhou\n';
const SEED = {
  zones: [{ name: 'abc.com', records: [] }],
  buckets: [
    { name: 'abc-img', region: 'cn-hangzhou', acl: 'public-read' as const },
    { name: 'abc-ops', region: 'cn-hangzhou' },
  ],
};

let e: EngineSandbox | undefined;
afterEach(async () => {
  await e?.stop();
  e = undefined;
});

describe('an apply stopped while a step waits', () => {
  it('returns at once, says what was done and what is left, releases the lock; the next apply finishes', async () => {
    e = await engineSandbox(
      { seed: SEED, timing: { ownershipDelayMs: 0, cdnOnlineDelayMs: 10 * 60_000 } },
      { pollMs: 60_000, cdnOnlineTimeoutMs: 30 * 60_000 },
    );
    const { sb, rt } = e;
    const desired = file(entry('img.abc.com', 'abc-img', '    cdn: true\n'), STATE_LINES);
    const controller = new AbortController();
    const off = sb.control.onCall((c) => {
      // The step is waiting once CDN has been asked for the new domain's state.
      if (c.action === 'DescribeCdnDomainDetail') controller.abort('the bot was shut down');
    });
    const started = Date.now();
    const run = await applyDesired(rt, desired, { actor: 'test', command: 'apply', signal: controller.signal });
    off();
    expect(Date.now() - started).toBeLessThan(20_000); // not the minute of the poll, nor the ten of CDN

    const result = run.result!;
    expect(result.ok).toBe(false);
    expect(result.stopped).toMatch(
      /^the bot was shut down: stopped while waiting in 1 step \(img\.abc\.com: create a CDN domain .*\) and before 2 steps \(img\.abc\.com: configure the CDN edge: .*; img\.abc\.com: CNAME .*\); run again to finish$/,
    );
    const cdnStep = result.results.find((r) => r.step.kind === 'create-cdn')!;
    expect(cdnStep).toMatchObject({ ok: false, interrupted: true });
    expect(cdnStep.error).toMatch(
      /^stopped waiting for the CDN domain img\.abc\.com to come online \(it is configuring\)$/,
    );
    expect(cdnStep.requestIds.length).toBeGreaterThan(0); // AddCdnDomain was made, and stays
    expect(result.results.find((r) => r.step.kind === 'create-record')).toMatchObject({ notRun: true });
    expect(renderApplyResult(result)).toMatch(/✗ the bot was shut down: stopped while waiting/);
    // The lock is released; the CDN domain exists and is still configuring; no record points at it yet.
    expect([...sb.world.buckets.get('abc-ops')!.objects.keys()].filter((k) => k.startsWith('locks/'))).toEqual([]);
    expect(sb.world.cdn.get('img.abc.com')?.status).toBe('configuring');
    expect([...sb.world.zones.get('abc.com')!.records.values()].some((r) => r.type === 'CNAME')).toBe(false);

    // CDN comes online; the same apply again finishes the job.
    sb.world.cdn.get('img.abc.com')!.onlineAt = 0;
    const again = await applyDesired(rt, desired, { actor: 'test', command: 'apply' });
    expect(again.result?.ok).toBe(true);
    const cname = [...sb.world.zones.get('abc.com')!.records.values()].find(
      (r) => r.type === 'CNAME' && r.rr === 'img',
    );
    expect(cname?.value).toBe(sb.world.cdn.get('img.abc.com')!.cname);
  });

  it('a wait for the CDN edge configuration to go live is stopped the same way', async () => {
    e = await engineSandbox(
      { seed: SEED, timing: { ownershipDelayMs: 0, cdnOnlineDelayMs: 0, cdnConfigDelayMs: 10 * 60_000 } },
      { pollMs: 60_000, cdnOnlineTimeoutMs: 30 * 60_000 },
    );
    const { sb, rt } = e;
    const desired = file(entry('img.abc.com', 'abc-img', '    cdn: true\n'), STATE_LINES);
    const controller = new AbortController();
    let set = false;
    const off = sb.control.onCall((c) => {
      if (c.action === 'BatchSetCdnDomainConfig') set = true;
      // The step is waiting once CDN has been asked how its new configuration is doing.
      if (set && c.action === 'DescribeCdnDomainConfigs') controller.abort('the bot was shut down');
    });
    const started = Date.now();
    const run = await applyDesired(rt, desired, { actor: 'test', command: 'apply', signal: controller.signal });
    off();
    expect(Date.now() - started).toBeLessThan(20_000);
    const step = run.result!.results.find((r) => r.step.kind === 'set-cdn-config')!;
    expect(step).toMatchObject({ ok: false, interrupted: true });
    expect(step.error).toBe('stopped waiting for CDN to apply the edge configuration of img.abc.com');
    expect(run.result!.results.find((r) => r.step.kind === 'create-record')).toMatchObject({ notRun: true });
  });
});
