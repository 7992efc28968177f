import { describe, expect, it } from 'vitest';
import { computePlan } from '../../src/core/engine/plan.js';
import type { DesiredState, Observed, Plan } from '../../src/core/model.js';
import { desired, OSS_TARGET, observed, rec, spec } from '../support/engine-helpers.js';

const kinds = (p: Plan, i = 0) => p.domains[i]!.steps.map((s) => s.kind);
const MARK = 'oss-domains:web';

interface Case {
  name: string;
  desired: DesiredState;
  observed: Observed;
  action: string;
  steps: string[];
  conflict?: RegExp;
  check?: (p: Plan) => void;
}

const cases: Case[] = [
  {
    name: 'a fresh domain is bound, then gets a CNAME to the bucket',
    desired: desired([spec('img.abc.com')]),
    observed: observed({}),
    action: 'create',
    steps: ['bind', 'create-record'],
    check: (p) => {
      expect(p.domains[0]!.target).toBe(OSS_TARGET);
      expect(p.domains[0]!.steps[0]).toMatchObject({ zone: 'abc.com', bucket: 'abc-img', certId: undefined });
      expect(p.domains[0]!.steps[1]).toMatchObject({ rr: 'img', type: 'CNAME', value: OSS_TARGET, ttl: 600 });
    },
  },
  {
    name: 'bound, with our CNAME to the target: nothing to do',
    desired: desired([spec('img.abc.com')]),
    observed: observed({
      bindings: [{ domain: 'img.abc.com' }],
      records: [rec('abc.com', 'img', 'CNAME', OSS_TARGET, { remark: MARK })],
    }),
    action: 'noop',
    steps: [],
  },
  {
    name: 'our record with another value is updated',
    desired: desired([spec('img.abc.com')]),
    observed: observed({
      bindings: [{ domain: 'img.abc.com' }],
      records: [rec('abc.com', 'img', 'CNAME', 'elsewhere.example.net', { remark: MARK })],
    }),
    action: 'update',
    steps: ['update-record'],
    check: (p) =>
      expect(p.domains[0]!.steps[0]).toMatchObject({ value: OSS_TARGET, from: { value: 'elsewhere.example.net' } }),
  },
  {
    name: 'our record with another TTL is updated',
    desired: desired([spec('img.abc.com', 'abc-img', { ttl: 1200 })]),
    observed: observed({
      bindings: [{ domain: 'img.abc.com' }],
      records: [rec('abc.com', 'img', 'CNAME', OSS_TARGET, { remark: MARK })],
    }),
    action: 'update',
    steps: ['update-record'],
  },
  {
    name: 'a record nobody marked is a conflict naming its type and value, and nothing is planned',
    desired: desired([spec('img.abc.com')]),
    observed: observed({ records: [rec('abc.com', 'img', 'A', '203.0.113.10')] }),
    action: 'conflict',
    steps: [],
    conflict: /A 203\.0\.113\.10 \(not created by oss-domains\)/,
  },
  {
    name: "another owner's record is a conflict that names the owner",
    desired: desired([spec('img.abc.com')]),
    observed: observed({
      records: [rec('abc.com', 'img', 'CNAME', 'x.example.net', { remark: 'oss-domains:team-b' })],
    }),
    action: 'conflict',
    steps: [],
    conflict: /owner "team-b"/,
  },
  {
    name: 'takeover replaces a foreign record (and deletes the other foreign records at that name first)',
    desired: desired([spec('img.abc.com', 'abc-img', { takeover: true })]),
    observed: observed({
      records: [rec('abc.com', 'img', 'A', '203.0.113.10'), rec('abc.com', 'img', 'A', '203.0.113.11')],
    }),
    action: 'create',
    steps: ['bind', 'delete-record', 'update-record'],
    check: (p) =>
      expect(p.domains[0]!.steps[2]).toMatchObject({
        type: 'CNAME',
        value: OSS_TARGET,
        from: { type: 'A', value: '203.0.113.10' },
      }),
  },
  {
    name: 'an unmarked CNAME that already points at the target is adopted (marked), not a conflict',
    desired: desired([spec('img.abc.com')]),
    observed: observed({
      bindings: [{ domain: 'img.abc.com' }],
      records: [rec('abc.com', 'img', 'CNAME', `${OSS_TARGET}.`)],
    }),
    action: 'update',
    steps: ['update-record'],
    check: (p) => expect(p.domains[0]!.steps[0]).toMatchObject({ from: { remark: undefined } }),
  },
  {
    name: 'a zone apex is a conflict that explains why',
    desired: desired([spec('abc.com')]),
    observed: observed({}),
    action: 'conflict',
    steps: [],
    conflict: /apex of the zone abc\.com; a CNAME cannot live at a zone apex/,
  },
  {
    name: 'a domain in no zone of the account is a conflict suggesting dns: none',
    desired: desired([spec('img.other.org')]),
    observed: observed({}),
    action: 'conflict',
    steps: [],
    check: (p) => {
      expect(p.domains[0]!.conflicts[0]!.code).toBe('no-zone');
      expect(p.domains[0]!.conflicts[0]!.hint).toMatch(/dns: none/);
    },
  },
  {
    name: 'a declared zone that is not in the account is a conflict that says so, not a guess at another zone',
    desired: desired([spec('img.cdn.abc.com', 'abc-img', { zone: 'cdn.abc.com' })]),
    observed: observed({ zones: ['abc.com'] }),
    action: 'conflict',
    steps: [],
    conflict: /the zone cdn\.abc\.com is not in this account's Alibaba Cloud DNS \(InvalidDomainName\.NoExist\)/,
  },
  {
    name: 'nested zones: the longest zone holds the record',
    desired: desired([spec('x.cdn.abc.com')]),
    observed: observed({ zones: ['abc.com', 'cdn.abc.com'] }),
    action: 'create',
    steps: ['bind', 'create-record'],
    check: (p) => expect(p.domains[0]!.steps[1]).toMatchObject({ zone: 'cdn.abc.com', rr: 'x' }),
  },
  {
    name: 'bound to another bucket we read: a conflict that names it',
    desired: desired([spec('img.abc.com')]),
    observed: observed({ bindings: [{ domain: 'img.abc.com', bucket: 'old-bucket' }] }),
    action: 'conflict',
    steps: [],
    conflict: /bound to the bucket old-bucket/,
  },
  {
    name: 'bound to another bucket, with takeover: unbind there first, then bind',
    desired: desired([spec('img.abc.com', 'abc-img', { takeover: true })]),
    observed: observed({ bindings: [{ domain: 'img.abc.com', bucket: 'old-bucket' }] }),
    action: 'create',
    steps: ['unbind', 'bind', 'create-record'],
    check: (p) => expect(p.domains[0]!.steps[0]).toMatchObject({ bucket: 'old-bucket' }),
  },
  {
    name: 'a bucket that could not be read is a conflict on its domains',
    desired: desired([spec('img.abc.com', 'missing-bucket')]),
    observed: observed({ buckets: [] }),
    action: 'conflict',
    steps: [],
    conflict: /missing-bucket was not found/,
  },
  {
    name: 'CDN from scratch: bind, create the CDN domain, HTTPS on both, record to the CNAME CDN will assign',
    desired: desired([spec('img.abc.com', 'abc-img', { cdn: { scope: 'domestic' }, https: { certId: '12345' } })]),
    observed: observed({}),
    action: 'create',
    steps: ['bind', 'create-cdn', 'set-cdn-cert', 'set-cdn-config', 'create-record'],
    check: (p) => {
      const [bind, cdn, cert, edge, record] = p.domains[0]!.steps;
      expect(bind).toMatchObject({ certId: '12345-cn-hangzhou' });
      expect(cdn).toMatchObject({ scope: 'domestic', zone: 'abc.com' });
      expect(cert).toMatchObject({ certId: '12345' });
      // The new domain fetches with its own name as Host, so web pages open instead of downloading (issue 15).
      expect(edge).toMatchObject({
        functions: [{ name: 'set_req_host_header', args: { domain_name: 'img.abc.com' } }],
      });
      expect(record).toMatchObject({ value: 'cdn:img.abc.com' });
    },
  },
  {
    name: 'our CDN domain online: the record points at its CNAME',
    desired: desired([spec('img.abc.com', 'abc-img', { cdn: { scope: 'domestic' } })]),
    observed: observed({ bindings: [{ domain: 'img.abc.com' }], cdn: [{ domain: 'img.abc.com', owner: 'web' }] }),
    action: 'update',
    steps: ['create-record'],
    check: (p) => expect(p.domains[0]!.target).toBe('img.abc.com.w.kunlunsl.com'),
  },
  {
    name: 'a record towards our CDN domain that is still configuring waits for it (cdn: value)',
    desired: desired([spec('img.abc.com', 'abc-img', { cdn: { scope: 'domestic' } })]),
    observed: observed({
      bindings: [{ domain: 'img.abc.com' }],
      cdn: [{ domain: 'img.abc.com', owner: 'web', status: 'configuring' }],
    }),
    action: 'update',
    steps: ['create-record'],
    check: (p) => expect(p.domains[0]!.steps[0]).toMatchObject({ value: 'cdn:img.abc.com' }),
  },
  {
    name: 'our CDN domain offline is started',
    desired: desired([spec('img.abc.com', 'abc-img', { cdn: { scope: 'domestic' } })]),
    observed: observed({
      bindings: [{ domain: 'img.abc.com' }],
      cdn: [{ domain: 'img.abc.com', owner: 'web', status: 'offline' }],
      records: [rec('abc.com', 'img', 'CNAME', 'img.abc.com.w.kunlunsl.com', { remark: MARK })],
    }),
    action: 'update',
    steps: ['start-cdn'],
  },
  {
    name: 'a CDN domain we did not create is a conflict',
    desired: desired([spec('img.abc.com', 'abc-img', { cdn: { scope: 'domestic' } })]),
    observed: observed({ cdn: [{ domain: 'img.abc.com' }] }),
    action: 'conflict',
    steps: [],
    conflict: /not managed by oss-domains/,
  },
  {
    name: 'takeover of a CDN domain with our bucket as origin tags it',
    desired: desired([spec('img.abc.com', 'abc-img', { cdn: { scope: 'domestic' }, takeover: true })]),
    observed: observed({ cdn: [{ domain: 'img.abc.com' }] }),
    action: 'create',
    steps: ['bind', 'create-cdn', 'create-record'],
    check: (p) => expect(p.domains[0]!.steps[1]).toMatchObject({ takeover: true }),
  },
  {
    name: 'a CDN domain whose origin is another place is a conflict, even with takeover',
    desired: desired([spec('img.abc.com', 'abc-img', { cdn: { scope: 'domestic' }, takeover: true })]),
    observed: observed({
      cdn: [{ domain: 'img.abc.com', sources: [{ type: 'domain', content: 'origin.abc.com', port: 80 }] }],
    }),
    action: 'conflict',
    steps: [],
    conflict: /fetches from origin\.abc\.com/,
  },
  {
    name: 'CDN turned off: the record moves back to the bucket first, then our CDN domain is deleted',
    desired: desired([spec('img.abc.com')]),
    observed: observed({
      bindings: [{ domain: 'img.abc.com' }],
      cdn: [{ domain: 'img.abc.com', owner: 'web' }],
      records: [rec('abc.com', 'img', 'CNAME', 'img.abc.com.w.kunlunsl.com', { remark: MARK })],
    }),
    action: 'update',
    steps: ['update-record', 'delete-cdn'],
  },
  {
    name: 'a new certificate id on a bound domain is set on OSS',
    desired: desired([spec('img.abc.com', 'abc-img', { https: { certId: '777' } })]),
    observed: observed({
      bindings: [{ domain: 'img.abc.com', certificate: { certId: '12345-cn-hangzhou' } }],
      records: [rec('abc.com', 'img', 'CNAME', OSS_TARGET, { remark: MARK })],
    }),
    action: 'update',
    steps: ['set-oss-cert'],
  },
  {
    name: 'the same certificate, written without its region, is no change',
    desired: desired([spec('img.abc.com', 'abc-img', { https: { certId: '12345' } })]),
    observed: observed({
      bindings: [{ domain: 'img.abc.com', certificate: { certId: '12345-cn-hangzhou' } }],
      records: [rec('abc.com', 'img', 'CNAME', OSS_TARGET, { remark: MARK })],
    }),
    action: 'noop',
    steps: [],
  },
  {
    name: 'dns: none binds without a zone and asks the user for the records: the ownership TXT, then the CNAME',
    desired: desired([spec('img.other.org', 'abc-img', { dns: 'none' })]),
    observed: observed({}),
    action: 'create',
    steps: ['manual-record', 'bind', 'manual-record'],
    check: (p) => {
      expect(p.domains[0]!.steps[0]).toMatchObject({ name: '_dnsauth.img.other.org', type: 'TXT' });
      expect(p.domains[0]!.steps[1]).toMatchObject({ zone: undefined });
      expect(p.domains[0]!.steps[2]).toMatchObject({ name: 'img.other.org', type: 'CNAME', value: OSS_TARGET });
    },
  },
  {
    name: 'dns: none, already bound: nothing to do',
    desired: desired([spec('img.other.org', 'abc-img', { dns: 'none' })]),
    observed: observed({ bindings: [{ domain: 'img.other.org' }] }),
    action: 'noop',
    steps: [],
  },
  {
    name: 'unbind removes the binding (while our record proves it ours), our record, then our _dnsauth record, and leaves the rest',
    desired: desired([], { absent: ['img.abc.com'], scope: 'only' }),
    observed: observed({
      bindings: [{ domain: 'img.abc.com' }],
      records: [
        rec('abc.com', 'img', 'CNAME', OSS_TARGET, { remark: MARK }),
        rec('abc.com', '_dnsauth.img', 'TXT', 'token', { remark: MARK }),
        rec('abc.com', 'www', 'A', '203.0.113.10'),
      ],
    }),
    action: 'delete',
    steps: ['unbind', 'delete-record', 'delete-record'],
    check: (p) => {
      expect(p.domains[0]!.steps[1]).toMatchObject({ type: 'CNAME' });
      expect(p.domains[0]!.steps[2]).toMatchObject({ type: 'TXT', rr: '_dnsauth.img' });
    },
  },
  {
    name: 'an IDN domain keeps its Unicode form for display',
    desired: desired([{ ...spec('xn--bcher-kva.abc.com'), display: 'bücher.abc.com' }]),
    observed: observed({}),
    action: 'create',
    steps: ['bind', 'create-record'],
    check: (p) => {
      expect(p.domains[0]!.display).toBe('bücher.abc.com');
      expect(p.domains[0]!.steps[1]).toMatchObject({ rr: 'xn--bcher-kva' });
    },
  },
];

describe('computePlan (pure)', () => {
  for (const c of cases) {
    it(c.name, () => {
      const p = computePlan(c.desired, c.observed);
      expect(p.domains[0]!.action).toBe(c.action);
      expect(kinds(p)).toEqual(c.steps);
      if (c.conflict) expect(p.domains[0]!.conflicts.map((x) => x.message).join('\n')).toMatch(c.conflict);
      c.check?.(p);
    });
  }

  const orphan = () =>
    observed({
      bindings: [{ domain: 'old.abc.com' }],
      records: [
        rec('abc.com', 'old', 'CNAME', OSS_TARGET, { remark: MARK }),
        rec('abc.com', 'other', 'CNAME', OSS_TARGET, { remark: 'oss-domains:team-b' }),
      ],
    });

  it('prune: false reports owned domains that are no longer declared as warnings, and plans nothing for them', () => {
    const p = computePlan(desired([]), orphan());
    expect(p.domains).toHaveLength(0);
    expect(p.warnings).toEqual([expect.objectContaining({ domain: 'old.abc.com', code: 'orphan' })]);
    expect(p.warnings[0]!.message).toMatch(/prune: true/);
  });

  it("prune: true removes them (and never another owner's)", () => {
    const p = computePlan(desired([], { prune: true }), orphan());
    expect(p.domains.map((d) => d.domain)).toEqual(['old.abc.com']);
    expect(kinds(p)).toEqual(['unbind', 'delete-record']);
  });

  it('scope only (bind from the CLI or the bot) never looks at other domains', () => {
    const p = computePlan(desired([spec('img.abc.com')], { prune: true, scope: 'only' }), orphan());
    expect(p.domains.map((d) => d.domain)).toEqual(['img.abc.com']);
    expect(p.warnings).toEqual([]);
  });

  it('is a pure function: the same input gives the same plan, and the input is not changed', () => {
    const d = desired([spec('img.abc.com', 'abc-img', { cdn: { scope: 'domestic' } })]);
    const o = orphan();
    const before = JSON.stringify([...o.records]);
    expect(computePlan(d, o)).toEqual(computePlan(d, o));
    expect(JSON.stringify([...o.records])).toBe(before);
  });
});
