import { afterEach, describe, expect, it } from 'vitest';
import { applyDesired, type DesiredState, desiredFromBind, plan, planFingerprint } from '../../src/core/index.js';
import { type EngineSandbox, engineSandbox } from '../support/engine-sandbox.js';

let es: EngineSandbox | undefined;
afterEach(async () => {
  await es?.stop();
  es = undefined;
});

const STATE = { bucket: 'abc-ops', region: 'cn-hangzhou' };
const seed = {
  zones: [{ name: 'abc.com', records: [{ rr: 'www', type: 'A', value: '203.0.113.10', ttl: 600 }] }],
  buckets: [
    { name: 'abc-img', region: 'cn-hangzhou', acl: 'public-read' as const },
    { name: 'abc-ops', region: 'cn-hangzhou' },
  ],
};

async function bindImg(e: EngineSandbox, withState: boolean): Promise<DesiredState> {
  const d = await desiredFromBind(e.rt, {
    domain: 'img.abc.com',
    bucket: 'abc-img',
    region: 'cn-hangzhou',
    owner: 'ops',
  });
  return withState ? { ...d, state: STATE } : d;
}

describe('applyDesired: the one apply every front-end runs', () => {
  it('applies the confirmed plan under the lock and writes one audit entry', async () => {
    es = await engineSandbox({ seed });
    const desired = await bindImg(es, true);
    const shown = await plan(es.rt, desired);
    const seen: string[] = [];
    const run = await applyDesired(es.rt, desired, {
      actor: 'cli:alice',
      command: 'bind',
      confirmed: planFingerprint(shown),
      onPlan: (p) => {
        seen.push(planFingerprint(p));
      },
    });
    expect(run.stale).toBe(false);
    expect(run.result?.ok).toBe(true);
    expect(seen).toEqual([planFingerprint(shown)]);
    expect(es.sb.world.buckets.get('abc-img')!.cnames.has('img.abc.com')).toBe(true);
    const ops = es.sb.world.buckets.get('abc-ops')!;
    expect([...ops.objects.keys()].filter((k) => k.startsWith('locks/apply'))).toEqual([]);
    const audit = [...ops.objects.entries()].filter(([k]) => k.startsWith('audit/'));
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]![1].body.toString())).toMatchObject({
      actor: 'cli:alice',
      command: 'bind',
      domains: ['img.abc.com'],
      ok: true,
    });
  });

  it('applies nothing when the cloud changed after the plan was confirmed', async () => {
    es = await engineSandbox({ seed });
    const desired = await bindImg(es, false);
    const shown = await plan(es.rt, desired);
    // Someone binds it meanwhile (another run): the plan under the lock is no longer the confirmed one.
    await applyDesired(es.rt, desired, { actor: 'cli:bob', command: 'bind' });
    es.sb.control.clearCalls();
    const run = await applyDesired(es.rt, desired, {
      actor: 'cli:alice',
      command: 'bind',
      confirmed: planFingerprint(shown),
    });
    expect(run.stale).toBe(true);
    expect(run.result).toBeUndefined();
    expect(es.writes()).toEqual([]);
  });

  it('a fingerprint ignores display and warnings but not decisions', async () => {
    es = await engineSandbox({ seed });
    const p = await plan(es.rt, await bindImg(es, false));
    const cosmetic = {
      ...p,
      warnings: [{ domain: 'x', code: 'w', message: 'w' }],
      domains: p.domains.map((d) => ({ ...d, display: 'IMG' })),
    };
    expect(planFingerprint(cosmetic)).toBe(planFingerprint(p));
    const other = { ...p, domains: p.domains.map((d) => ({ ...d, steps: d.steps.slice(1) })) };
    expect(planFingerprint(other)).not.toBe(planFingerprint(p));
  });
});
