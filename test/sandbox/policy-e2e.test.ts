/**
 * Issue 11 finding 7, end to end: apply, drift (and its repair), unbind, takeover, prune, and (issue 15) a site — a
 * bucket's website, CDN edge options replacing a hand-set http_force, a `dns: none` domain left pending — each run through the CLI against a
 * sandbox whose key holds only the policy `oss-domains policy` prints for the file of that run. No call may be
 * refused. Then each statement of those policies is dropped in turn: every statement a run used must make some run
 * fail without it; the statements no run uses are listed (and explained in src/sandbox/README.md).
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createRuntime } from '../../src/core/index.js';
import { ramAction, type Sandbox, type SeedSpec, startSandbox } from '../../src/sandbox/index.js';
import { runCli } from '../cli/run.js';

const OSS_TARGET = 'abc-img.oss-cn-hangzhou.aliyuncs.com';
const SEED: SeedSpec = {
  timing: { cdnOnlineDelayMs: 50 },
  zones: [{ name: 'abc.com', records: [{ rr: 'www', type: 'A', value: '203.0.113.10' }] }],
  buckets: [
    { name: 'abc-img', region: 'cn-hangzhou', acl: 'public-read' },
    { name: 'abc-ops', region: 'cn-hangzhou' },
  ],
  certificates: [{ id: '12345', name: 'abc-wildcard', domains: ['abc.com', '*.abc.com'] }],
};
const head = (extra = '') =>
  `version: 1\nowner: web-team\n${extra}state:\n  bucket: abc-ops\n  region: cn-hangzhou\ndefaults:\n  region: cn-hangzhou\ndomains:\n`;
const IMG = '  - domain: img.abc.com\n    bucket: abc-img\n';
const STATIC = '  - domain: static.abc.com\n    bucket: abc-img\n    cdn: true\n    https:\n      cert-id: "12345"\n';
/** apply, drift, unbind: two domains, one on CDN with HTTPS, with an apply lock and audit log. */
const FILE = head() + IMG + STATIC;
/** takeover: img.abc.com is bound to another bucket of the account (abc-old); the file moves it to abc-img. */
const TAKEOVER = `${head()}  - domain: img.abc.com\n    bucket: abc-img\n    takeover: true\n`;
/** prune: static.abc.com was removed from the file. */
const PRUNED = head('prune: true\n') + IMG;
/** site: the bucket's website, HTTPS forced at the CDN edge with HSTS, and a domain whose DNS lives elsewhere. */
const SITE_CDN = (extra: string) =>
  `  - domain: site.abc.com\n    bucket: abc-img\n${extra}    https:\n      cert-id: "12345"\n`;
const SHOP = '  - domain: shop.partner.com\n    bucket: abc-img\n    dns: none\n';
const SITE =
  head() +
  SITE_CDN('    website: { index: index.html, error: 404.html }\n    cdn: { force-https: true, hsts: 31536000 }\n') +
  SHOP;

type Doc = { Version: '1'; Statement: unknown[] };

interface Run {
  sb: Sandbox;
  env: NodeJS.ProcessEnv;
  dir: string;
}

interface Scenario {
  name: string;
  /** The file whose policy the run holds. */
  file: string;
  /** What happened before (as the account itself, with no policy). */
  setup(r: Run): Promise<void>;
  /** The run under the policy; throws (an assertion) when it went wrong. */
  run(r: Run): Promise<void>;
}

const cli = async (r: Run, args: string[], file: string, env: NodeJS.ProcessEnv = {}) => {
  await writeFile(join(r.dir, 'domains.yml'), file);
  return runCli(args, { ...r.env, ...env }, r.dir);
};
const records = (sb: Sandbox, rr: string) =>
  [...sb.world.zones.get('abc.com')!.records.values()].filter((x) => x.rr === rr);
const applied = async (r: Run, file: string) => {
  const out = await cli(r, ['apply', '--yes'], file);
  expect(out.status, out.stderr).toBe(0);
};

const SCENARIOS: Scenario[] = [
  {
    name: 'apply',
    file: FILE,
    setup: async () => {},
    run: async (r) => {
      await applied(r, FILE);
      expect(r.sb.world.buckets.get('abc-img')!.cnames.has('img.abc.com')).toBe(true);
      expect(records(r.sb, 'img')[0]).toMatchObject({ type: 'CNAME', value: OSS_TARGET });
      expect(r.sb.world.cdn.get('static.abc.com')?.ssl).toMatchObject({ protocol: 'on', certId: '12345' });
      expect(records(r.sb, 'static')[0]).toMatchObject({ type: 'CNAME', value: 'static.abc.com.w.kunlunsl.com' });
      expect(r.sb.world.buckets.get('abc-ops')!.objects.size).toBeGreaterThan(0); // the audit log
      expect((await cli(r, ['plan'], FILE)).status).toBe(0);
    },
  },
  {
    name: 'drift',
    file: FILE,
    setup: (r) => applied(r, FILE),
    run: async (r) => {
      expect((await cli(r, ['drift'], FILE)).status).toBe(0);
      records(r.sb, 'img')[0]!.value = 'elsewhere.example.net';
      const found = await cli(r, ['drift'], FILE);
      expect(found.status, found.stderr).toBe(2);
      await applied(r, FILE);
      expect(records(r.sb, 'img')[0]!.value).toBe(OSS_TARGET);
      expect((await cli(r, ['drift'], FILE)).status).toBe(0);
    },
  },
  {
    name: 'unbind',
    file: FILE,
    setup: (r) => applied(r, FILE),
    run: async (r) => {
      for (const d of ['img.abc.com', 'static.abc.com']) {
        const out = await cli(r, ['unbind', d, '--yes'], FILE, { OSS_DOMAINS_OWNER: 'web-team' });
        expect(out.status, out.stderr).toBe(0);
      }
      expect(r.sb.world.buckets.get('abc-img')!.cnames.size).toBe(0);
      expect(records(r.sb, 'img')).toEqual([]);
      expect(records(r.sb, 'static')).toEqual([]);
      expect(r.sb.world.cdn.has('static.abc.com')).toBe(false);
    },
  },
  {
    name: 'takeover',
    file: TAKEOVER,
    setup: async (r) => {
      r.sb.control.seed({ buckets: [{ name: 'abc-old', region: 'cn-hangzhou', cnames: [{ domain: 'img.abc.com' }] }] });
    },
    run: async (r) => {
      await applied(r, TAKEOVER);
      expect(r.sb.world.buckets.get('abc-old')!.cnames.has('img.abc.com')).toBe(false);
      expect(r.sb.world.buckets.get('abc-img')!.cnames.has('img.abc.com')).toBe(true);
    },
  },
  {
    name: 'prune',
    file: PRUNED,
    setup: (r) => applied(r, FILE),
    run: async (r) => {
      await applied(r, PRUNED);
      expect([...r.sb.world.buckets.get('abc-img')!.cnames.keys()]).toEqual(['img.abc.com']);
      expect(records(r.sb, 'static')).toEqual([]);
      expect(r.sb.world.cdn.has('static.abc.com')).toBe(false);
      expect(records(r.sb, 'img')).toEqual([expect.objectContaining({ type: 'CNAME', value: OSS_TARGET })]);
    },
  },
  {
    name: 'site',
    file: SITE,
    setup: async () => {},
    run: async (r) => {
      // The CDN domain first, then someone turns on http_force in the console (in the way of https_force).
      await applied(r, head() + SITE_CDN('    cdn: true\n'));
      await createRuntime(r.env).cdn.setConfigs(['site.abc.com'], [{ name: 'http_force', args: { enable: 'on' } }]);
      const out = await cli(r, ['apply', '--yes'], SITE);
      expect(out.status, out.stderr).toBe(0);
      expect(out.stdout).toContain('pending'); // shop.partner.com: its records are the user's to create
      expect(r.sb.world.buckets.get('abc-img')!.website).toMatchObject({
        index: { suffix: 'index.html' },
        error: { key: '404.html', httpStatus: 404 },
      });
      const functions = r.sb.world.cdn
        .get('site.abc.com')!
        .configs.map((c) => c.functionName)
        .sort();
      // http_force was deleted to make way for https_force; oss_auth is CDN's own, left alone.
      expect(functions).toEqual(['HSTS', 'https_force', 'oss_auth', 'set_req_host_header']);
      expect((await cli(r, ['drift'], SITE)).status).toBe(2); // until shop.partner.com's records exist
      const unbound = await cli(r, ['unbind', 'site.abc.com', '--yes'], SITE, { OSS_DOMAINS_OWNER: 'web-team' });
      expect(unbound.status, unbound.stderr).toBe(0);
      expect(r.sb.world.cdn.has('site.abc.com')).toBe(false);
    },
  },
];

const started: Sandbox[] = [];
afterAll(async () => {
  await Promise.all(started.map((s) => s.stop()));
});

/** What `oss-domains policy` prints for `file`. */
async function policyFor(file: string): Promise<Doc> {
  const dir = await mkdtemp(join(tmpdir(), 'oss-domains-policy-'));
  await writeFile(join(dir, 'domains.yml'), file);
  const out = await runCli(['policy'], { PATH: process.env.PATH }, dir);
  expect(out.status, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as Doc;
}

/** Runs a scenario under `policy`; returns the statements its calls were admitted by, or throws. */
async function runUnder(s: Scenario, policy: Doc, actions = new Set<string>()): Promise<Set<number>> {
  const sb = await startSandbox({ seed: SEED });
  started.push(sb);
  try {
    const r: Run = {
      sb,
      env: { PATH: process.env.PATH, ...sb.env },
      dir: await mkdtemp(join(tmpdir(), 'oss-domains-e2e-')),
    };
    await s.setup(r);
    sb.control.setPolicy(policy);
    sb.control.clearCalls();
    await s.run(r);
    const refused = sb.control
      .calls({ failed: true })
      .filter((c) => c.code === 'Forbidden.RAM' || c.code === 'AccessDenied');
    expect(
      refused.map((c) => `${c.service} ${c.action} ${c.bucket ?? ''}`.trim()),
      `${s.name}: refused calls`,
    ).toEqual([]);
    for (const c of sb.control.calls()) actions.add(ramAction(c.action));
    return new Set(sb.control.calls().flatMap((c) => c.allowedBy ?? []));
  } finally {
    await sb.stop();
  }
}

const policies = new Map<string, Doc>();
const used = new Map<string, Set<number>>();
/** The RAM actions the runs called. */
const called = new Set<string>();

describe('the end-to-end runs under the policy `oss-domains policy` prints', () => {
  test.each(SCENARIOS.map((s) => [s.name, s] as const))(
    '%s: no call is refused',
    async (_n, s) => {
      const policy = policies.get(s.file) ?? (await policyFor(s.file));
      policies.set(s.file, policy);
      used.set(s.name, await runUnder(s, policy, called));
    },
    120_000,
  );

  test('what the policies grant that no run calls is the documented list', () => {
    expect(used.size, 'the runs above must pass first').toBe(SCENARIOS.length);
    const granted = new Set(
      [...policies.values()].flatMap((p) => p.Statement.flatMap((s) => (s as { Action: string[] }).Action)),
    );
    expect([...granted].filter((a) => !called.has(a)).sort()).toEqual(UNCALLED);
  });

  test('dropping any statement a run uses makes a run fail; the statements no run uses are listed', async () => {
    expect(used.size, 'the runs above must pass first').toBe(SCENARIOS.length);
    const unexercised: string[] = [];
    const survived: string[] = [];
    for (const [file, policy] of policies) {
      const runs = SCENARIOS.filter((s) => s.file === file);
      for (const [i, statement] of policy.Statement.entries()) {
        const label = JSON.stringify(statement);
        const users = runs.filter((s) => used.get(s.name)!.has(i));
        if (users.length === 0) {
          unexercised.push(label);
          continue;
        }
        const without = { ...policy, Statement: policy.Statement.filter((_, j) => j !== i) };
        let failed = false;
        for (const s of users) {
          failed = await runUnder(s, without).then(
            () => false,
            () => true,
          );
          if (failed) break;
        }
        if (!failed) survived.push(label);
      }
    }
    expect(survived, 'statements every run still passes without').toEqual([]);
    expect([...new Set(unexercised)].sort()).toEqual(UNEXERCISED);
  }, 600_000);
});

/**
 * What the policies grant that no run above needs (why: src/sandbox/README.md, "What the generated policy grants that
 * the end-to-end runs do not use").
 */
const UNEXERCISED: string[] = [
  '{"Effect":"Allow","Action":["yundun-cert:DescribeSSLCertificatePrivateKey","yundun-cert:DescribeSSLCertificatePublicKeyDetail","yundun-cert:CreateSSLCertificate"],"Resource":["*"]}',
];

/** The actions the policies grant that no run calls (why: the same section of src/sandbox/README.md). */
const UNCALLED: string[] = [
  'alidns:DescribeDomainRecordInfo',
  'alidns:SetDomainRecordStatus',
  'cdn:DescribeRefreshQuota',
  'cdn:DescribeRefreshTasks',
  'cdn:PushObjectCache',
  'cdn:RefreshObjectCaches',
  'cdn:StartCdnDomain',
  'cdn:TagResources',
  'oss:GetBucketLocation',
  'yundun-cert:CreateSSLCertificate',
  'yundun-cert:DescribeSSLCertificatePrivateKey',
  'yundun-cert:DescribeSSLCertificatePublicKeyDetail',
];
