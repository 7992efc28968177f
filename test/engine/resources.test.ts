import { describe, expect, it } from 'vitest';
import type { DomainsConfig, Step } from '../../src/core/model.js';
import { ramPolicy } from '../../src/core/policy.js';
import { describeStep, ownerOf, RESOURCES, stepMark } from '../../src/core/resources/index.js';
import { PHASES } from '../../src/core/resources/types.js';
import { spec } from '../support/engine-helpers.js';

/** One step of every kind, as the planner makes them. */
const EVERY_KIND: Step[] = [
  { kind: 'bind', domain: 'img.abc.com', bucket: 'abc-img', region: 'cn-hangzhou', zone: 'abc.com', takeover: false },
  { kind: 'set-oss-cert', domain: 'img.abc.com', bucket: 'abc-img', region: 'cn-hangzhou', certId: '1-cn-hangzhou' },
  { kind: 'unbind', domain: 'img.abc.com', bucket: 'abc-img', region: 'cn-hangzhou' },
  { kind: 'create-cdn', domain: 'img.abc.com', bucket: 'abc-img', region: 'cn-hangzhou', scope: 'domestic' },
  { kind: 'start-cdn', domain: 'img.abc.com' },
  { kind: 'set-cdn-cert', domain: 'img.abc.com', certId: '1' },
  { kind: 'delete-cdn', domain: 'img.abc.com' },
  { kind: 'create-record', domain: 'img.abc.com', zone: 'abc.com', rr: 'img', type: 'CNAME', value: 'x.', ttl: 600 },
  {
    kind: 'update-record',
    domain: 'img.abc.com',
    zone: 'abc.com',
    recordId: '1',
    rr: 'img',
    type: 'CNAME',
    value: 'x.',
    ttl: 600,
    from: { type: 'A', value: '1.2.3.4', ttl: 600 },
  },
  { kind: 'delete-record', domain: 'img.abc.com', zone: 'abc.com', recordId: '1', rr: 'img', type: 'A', value: '1' },
  { kind: 'manual-record', domain: 'img.abc.com', name: 'img.abc.com', type: 'CNAME', value: 'x.' },
  {
    kind: 'set-website',
    domain: 'img.abc.com',
    bucket: 'abc-img',
    region: 'cn-hangzhou',
    website: { index: 'index.html', supportSubDir: true, type: 0 },
  },
  {
    kind: 'set-cdn-config',
    domain: 'img.abc.com',
    functions: [{ name: 'set_req_host_header', args: { domain_name: 'img.abc.com' } }],
    changes: ['back-to-origin Host img.abc.com'],
  },
];

describe('the resource registry', () => {
  it('lists the resources in the order the planner consults them: the record after what sets its target', () => {
    expect(RESOURCES.map((r) => r.name)).toEqual([
      'website',
      'binding',
      'cdn-domain',
      'cdn-cert',
      'cdn-config',
      'access',
      'manual-dns',
      'record',
    ]);
    expect(PHASES).toEqual(['prove', 'serve', 'route', 'retire', 'tidy']);
  });

  it('gives every step kind exactly one owner, which describes and marks it', () => {
    const owned = RESOURCES.flatMap((r) => Object.keys(r.steps));
    expect(new Set(owned).size).toBe(owned.length);
    expect(owned.sort()).toEqual(EVERY_KIND.map((s) => s.kind).sort());
    for (const s of EVERY_KIND) {
      expect(Object.keys(ownerOf(s.kind).steps)).toContain(s.kind);
      expect(describeStep(s).length, s.kind).toBeGreaterThan(0);
      expect(['+', '~', '-', '*']).toContain(stepMark(s));
    }
    expect(() => ownerOf('no-such-kind' as Step['kind'])).toThrow(/no resource owns the step kind no-such-kind/);
  });

  it("the file's RAM policy grants every action each resource declares for it, on what it names (or on *)", () => {
    const config: DomainsConfig = {
      file: 'domains.yml',
      version: 1,
      owner: 'web',
      prune: false,
      domains: [
        spec('img.abc.com', 'abc-img', { zone: 'abc.com', cdn: { scope: 'domestic' }, https: { certId: '1' } }),
      ],
    };
    const policy = ramPolicy(config);
    for (const r of RESOURCES)
      for (const g of r.grants(config))
        for (const action of g.actions) {
          const on = policy.Statement.filter((s) => s.Action.includes(action)).flatMap((s) => s.Resource);
          // RAM grants some actions only account-wide (Resource "*"), whatever a resource names.
          for (const res of g.resources)
            expect(on, `${r.name}: ${action}`).toContainEqual(on.includes('*') ? '*' : res);
        }
  });
});
