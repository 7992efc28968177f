/**
 * Issue 13, finding 4: the root CDN verifies — and so the name of the `verification.<root>` TXT record — comes from
 * the Public Suffix List. Against the sandbox through the real adapters: a `github.io` site (private section) and a
 * `com.vn` domain (a second level the old hand-kept list did not have) get their record where CDN looks for it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { apply, plan } from '../../src/core/index.js';
import { type EngineSandbox, engineSandbox, entry, file } from '../support/engine-sandbox.js';

let env: EngineSandbox | undefined;
afterEach(async () => {
  await env?.stop();
  env = undefined;
});

const txt = (e: EngineSandbox, zone: string) =>
  [...e.sb.world.zones.get(zone)!.records.values()].filter((r) => r.type === 'TXT').map((r) => r.rr);

describe('CDN verification record at the registrable root', () => {
  it('img.team.github.io is verified at verification.team.github.io, and its CDN domain is added', async () => {
    env = await engineSandbox({
      seed: { zones: [{ name: 'team.github.io' }], buckets: [{ name: 'team-img', region: 'cn-hangzhou' }] },
    });
    const p = await plan(env.rt, file(entry('img.team.github.io', 'team-img', '    cdn: true\n')));
    expect(p.domains[0]!.conflicts).toEqual([]);
    const r = await apply(env.rt, p);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(txt(env, 'team.github.io')).toContain('verification');
    // AddCdnDomain succeeded: CDN found its proof where it looked.
    expect(env.sb.world.cdn.has('img.team.github.io')).toBe(true);
  });

  it('img.abc.com.vn is verified at verification.abc.com.vn, not at verification.com.vn', async () => {
    env = await engineSandbox({
      seed: { zones: [{ name: 'abc.com.vn' }], buckets: [{ name: 'abc-img', region: 'cn-hangzhou' }] },
    });
    const r = await apply(env.rt, await plan(env.rt, file(entry('img.abc.com.vn', 'abc-img', '    cdn: true\n'))));
    expect(r.ok, JSON.stringify(r)).toBe(true);
    expect(txt(env, 'abc.com.vn')).toContain('verification');
    expect(env.sb.world.cdn.has('img.abc.com.vn')).toBe(true);
  });
});
