import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { runCli } from './run.js';

const FILE = `version: 1
owner: web-team
defaults:
  region: cn-hangzhou
domains:
  - domain: img.abc.com
    bucket: abc-img
`;

let sb: Sandbox;
let dir: string;
let env: NodeJS.ProcessEnv;

const records = (rr: string) => [...sb.world.zones.get('abc.com')!.records.values()].filter((r) => r.rr === rr);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'oss-domains-cli-'));
  await writeFile(join(dir, 'domains.yml'), FILE);
});

beforeEach(async () => {
  await sb?.stop();
  sb = await startSandbox({ seed: 'default' });
  env = { PATH: process.env.PATH, ...sb.env };
});

afterAll(async () => {
  await sb?.stop();
});

describe('oss-domains plan / apply / drift against the sandbox', () => {
  it('plan exits 2 with changes pending and makes no write call', async () => {
    const r = await runCli(['plan'], env, dir);
    expect(r.status).toBe(2);
    expect(r.stdout).toContain('img.abc.com');
    expect(sb.control.writeCalls()).toEqual([]);
  });

  it('plan --json prints one JSON document on stdout and the human text on stderr', async () => {
    const r = await runCli(['plan', '--json'], env, dir);
    expect(r.status).toBe(2);
    const doc = JSON.parse(r.stdout);
    expect(doc.domains.map((d: { domain: string }) => d.domain)).toEqual(['img.abc.com']);
    expect(r.stderr).toContain('img.abc.com');
  });

  it('apply binds the domain, writes an owned CNAME, and a second apply makes zero write calls', async () => {
    const first = await runCli(['apply', '--yes'], env, dir);
    expect(first.status, first.stderr).toBe(0);
    expect(sb.world.buckets.get('abc-img')!.cnames.has('img.abc.com')).toBe(true);
    const [cname] = records('img').filter((r) => r.type === 'CNAME');
    expect(cname).toMatchObject({ value: 'abc-img.oss-cn-hangzhou.aliyuncs.com', remark: 'oss-domains:web-team' });
    expect(records('www')[0]).toMatchObject({ type: 'A', value: '203.0.113.10' });

    sb.control.clearCalls();
    const plan = await runCli(['plan'], env, dir);
    expect(plan.status).toBe(0);
    const second = await runCli(['apply', '--yes'], env, dir);
    expect(second.status).toBe(0);
    expect(sb.control.writeCalls()).toEqual([]);
  });

  it('drift exits 2 after a hand edit, and apply repairs the record', async () => {
    expect((await runCli(['apply', '--yes'], env, dir)).status).toBe(0);
    expect((await runCli(['drift'], env, dir)).status).toBe(0);
    const [cname] = records('img').filter((r) => r.type === 'CNAME');
    cname!.value = 'old-server.abc.com';
    const drift = await runCli(['drift'], env, dir);
    expect(drift.status).toBe(2);
    expect(drift.stdout).toContain('old-server.abc.com');
    expect((await runCli(['apply', '--yes'], env, dir)).status).toBe(0);
    expect(records('img').find((r) => r.type === 'CNAME')!.value).toBe('abc-img.oss-cn-hangzhou.aliyuncs.com');
    expect((await runCli(['drift'], env, dir)).status).toBe(0);
  });

  it('an invalid file exits 1 with file:line:col and makes no API call at all', async () => {
    const bad = join(dir, 'bad.yml');
    await writeFile(
      bad,
      'version: 1\ndomains:\n  - domain: img.abc.com\n    bukcet: abc-img\n    region: cn-hangzhou\n',
    );
    sb.control.clearCalls();
    for (const cmd of ['validate', 'plan', 'apply', 'drift']) {
      const r = await runCli([cmd, '-c', bad, '--yes'].slice(0, cmd === 'apply' ? 4 : 3), env, dir);
      expect(r.status, cmd).toBe(1);
      expect(r.stderr).toContain(`${bad}:4:5: unknown key "bukcet"`);
    }
    expect(sb.control.calls()).toEqual([]);
  });

  it.each([
    ['PutCnam=5', /entry 1 \("PutCnam=5"\): "PutCnam" is not an Alibaba Cloud API operation .*did you mean "PutCname"/],
    ['AddDomainRecord=30,PutCname=-1', /entry 2 \("PutCname=-1"\): "-1" is not a number of calls per second/],
    ['AddDomainRecord', /entry 1 \("AddDomainRecord"\) is not Action=N/],
  ])(
    'OSS_DOMAINS_QPS=%s: plan, apply and status exit 1 naming the entry, with a fix, before any API call',
    async (qps, message) => {
      sb.control.clearCalls();
      for (const args of [['plan'], ['apply', '--yes'], ['status', 'img.abc.com'], ['plan', '--json']]) {
        const r = await runCli(args, { ...env, OSS_DOMAINS_QPS: qps }, dir);
        expect(r.status, args.join(' ')).toBe(1);
        const text = args.includes('--json') ? JSON.parse(r.stdout).error.message : r.stderr;
        expect(text, args.join(' ')).toMatch(message);
        if (!args.includes('--json')) expect(r.stderr).toContain('→ ');
      }
      expect(sb.control.calls()).toEqual([]);
    },
  );
});

describe('oss-domains bind / unbind / status / policy', () => {
  it('bind looks up the region, binds, and unbind removes only what it owns', async () => {
    const bind = await runCli(['bind', 'files.abc.com', 'abc-img', '--yes'], env, dir);
    expect(bind.status, bind.stderr).toBe(0);
    expect(sb.control.calls().some((c) => c.action === 'GetBucketLocation')).toBe(true);
    expect(records('files').find((r) => r.type === 'CNAME')?.remark).toBe('oss-domains:default');

    const status = await runCli(['status', 'files.abc.com', '--json'], env, dir);
    expect(status.status).toBe(0);
    expect(JSON.parse(status.stdout)[0]).toMatchObject({ domain: 'files.abc.com', binding: { bucket: 'abc-img' } });
    const table = (await runCli(['status', 'files.abc.com'], env, dir)).stdout.split('\n');
    expect(table[0]).toMatch(/^DOMAIN +BUCKET +DNS RECORD +CDN +HTTPS +RESOLVES$/);
    expect(table[1]).toMatch(
      /^files\.abc\.com +abc-img \(cn-hangzhou\) +CNAME abc-img\.oss-cn-hangzhou\.aliyuncs\.com +— +— +yes$/,
    );

    const unbind = await runCli(['unbind', 'files.abc.com', '--yes'], env, dir);
    expect(unbind.status, unbind.stderr).toBe(0);
    expect(records('files')).toEqual([]);
    expect(records('_dnsauth.files')).toEqual([]);
    expect(sb.world.buckets.get('abc-img')!.cnames.has('files.abc.com')).toBe(false);
    expect(records('www')).toHaveLength(1);
  });

  it('bind refuses to replace a record it does not own', async () => {
    const r = await runCli(['bind', 'www.abc.com', 'abc-img', '--region', 'cn-hangzhou', '--yes'], env, dir);
    expect(r.status).toBe(1);
    expect(r.stdout + r.stderr).toMatch(/203\.0\.113\.10/);
    expect(records('www')[0]).toMatchObject({ type: 'A', value: '203.0.113.10' });
  });

  it('bind of a registrable domain is refused before any call, with the words validate uses (issue 13)', async () => {
    sb.control.clearCalls();
    const r = await runCli(['bind', 'abc.com', 'abc-img', '--yes'], env, dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(
      'abc.com is a registrable domain: the apex of its Alidns zone, where a CNAME cannot live',
    );
    expect(r.stderr).toContain('bind a subdomain such as www.abc.com');
    expect(sb.control.calls()).toEqual([]);
  });

  it('policy prints a RAM policy naming the bucket', async () => {
    const r = await runCli(['policy'], env, dir);
    expect(r.status).toBe(0);
    const policy = JSON.parse(r.stdout);
    expect(policy.Version).toBe('1');
    expect(JSON.stringify(policy.Statement)).toContain('abc-img');
  });

  it('wrong credentials fail with the API error and never print the secret', async () => {
    const secret = 'not-the-real-secret-123456';
    const r = await runCli(['plan'], { ...env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: secret }, dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/SignatureDoesNotMatch/);
    expect(r.stdout + r.stderr).not.toContain(secret);
  });

  it('an unknown option names the closest one', async () => {
    const r = await runCli(['apply', '--yse'], env, dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('did you mean --yes?');
  });
});
