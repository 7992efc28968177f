/**
 * The built bundle, run as the runner runs it, against the sandbox (the fake Alibaba Cloud) and a local GitHub API:
 * plan comments, apply, drift issues, refresh batching, and secrets that never leak.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DRIFT_LABEL, PLAN_COMMENT_MARKER } from '../../src/action/constants.js';
import { DEFAULT_SEED, type Sandbox, type SeedSpec, startSandbox } from '../../src/sandbox/index.js';
import { type GitHubApiServer, startGitHubApi } from '../support/github-api.js';
import { errorCommands, runAction, workspace } from './harness.js';

const ONE = `version: 1
owner: ci
domains:
  - domain: img.abc.com
    bucket: abc-img
    region: cn-hangzhou
`;
const TWO = `${ONE}  - domain: static.abc.com
    bucket: abc-img
    region: cn-hangzhou
`;
const TARGET = 'abc-img.oss-cn-hangzhou.aliyuncs.com';

let sb: Sandbox;
let gh: GitHubApiServer;

async function start(seed: SeedSpec = DEFAULT_SEED): Promise<void> {
  sb = await startSandbox({ seed });
  gh = await startGitHubApi();
}
afterEach(async () => {
  await sb?.stop();
  await gh?.close();
});

const env = () => ({ ...sb.env, GITHUB_API_URL: gh.url });
const prEvent = { name: 'pull_request', payload: { pull_request: { number: 7 } } };
const recordsOf = (zone: string) => [...(sb.world.zones.get(zone)?.records.values() ?? [])];
const cnameOf = (rr: string) => recordsOf('abc.com').find((r) => r.rr === rr && r.type === 'CNAME');

describe('plan on a pull request', () => {
  beforeEach(() => start());

  it('creates one comment, then updates the same comment on the next push; no write call to the cloud', async () => {
    const cwd = workspace({ 'domains.yml': ONE });
    const first = await runAction({
      cwd,
      inputs: { command: 'plan', 'github-token': gh.token },
      env: env(),
      event: prEvent,
    });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.outputs).toMatchObject({ 'has-changes': 'true' });
    expect(Number(first.outputs.changes)).toBeGreaterThan(0);
    expect(JSON.parse(first.outputs['plan-json']!).domains[0].domain).toBe('img.abc.com');
    expect(first.summary).toContain('img.abc.com');
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]).toMatchObject({ issue: 7 });
    expect(gh.comments[0]!.body.startsWith(PLAN_COMMENT_MARKER)).toBe(true);
    expect(gh.comments[0]!.body).toContain('img.abc.com');
    expect(sb.control.writeCalls()).toEqual([]);

    writeFileSync(join(cwd, 'domains.yml'), TWO);
    const second = await runAction({
      cwd,
      inputs: { command: 'plan', 'github-token': gh.token },
      env: env(),
      event: prEvent,
    });
    expect(second.status).toBe(0);
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0]!.body).toContain('static.abc.com');
    expect(gh.writes().map((r) => r.method)).toEqual(['POST', 'PATCH']);
    expect(sb.control.writeCalls()).toEqual([]);
  });

  it('posts nothing with comment: false, and nothing on a push', async () => {
    const cwd = workspace({ 'domains.yml': ONE });
    const off = await runAction({
      cwd,
      inputs: { command: 'plan', comment: 'false', 'github-token': gh.token },
      env: env(),
      event: prEvent,
    });
    const push = await runAction({ cwd, inputs: { command: 'plan', 'github-token': gh.token }, env: env() });
    expect([off.status, push.status]).toEqual([0, 0]);
    expect(gh.requests).toEqual([]);
  });

  it('a conflict (a record this tool does not own) is annotated on the domain and fails the step', async () => {
    const cwd = workspace({
      'domains.yml': `${ONE}  - domain: www.abc.com\n    bucket: abc-img\n    region: cn-hangzhou\n`,
    });
    const run = await runAction({
      cwd,
      inputs: { command: 'plan', 'github-token': gh.token },
      env: env(),
      event: prEvent,
    });
    expect(run.status).toBe(1);
    const ann = errorCommands(run.stdout).find((e) => e.props.title?.startsWith('www.abc.com'));
    expect(ann?.props).toMatchObject({ file: 'domains.yml', line: '7' });
    expect(ann?.message).toContain('203.0.113.10');
    expect(gh.comments).toHaveLength(1);
    expect(recordsOf('abc.com').find((r) => r.rr === 'www')?.value).toBe('203.0.113.10');
  });
});

describe('apply', () => {
  beforeEach(() => start());

  it('binds the domain, groups progress per domain, reports request ids; a second apply changes nothing', async () => {
    const cwd = workspace({ 'domains.yml': ONE });
    const run = await runAction({ cwd, inputs: { command: 'apply' }, env: env() });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(sb.world.buckets.get('abc-img')?.cnames.has('img.abc.com')).toBe(true);
    expect(cnameOf('img')?.value).toBe(TARGET);
    expect(run.outputs['has-changes']).toBe('true');
    expect(run.stdout).toMatch(/^::group::.*img\.abc\.com/m);
    const writes = sb.control.writeCalls().filter((c) => c.status < 400);
    const putCname = writes.find((c) => c.action === 'PutCname');
    expect(putCname).toBeDefined();
    expect(run.summary).toContain(putCname!.requestId);
    expect(run.summary).toContain('Verification');

    sb.control.clearCalls();
    const again = await runAction({ cwd, inputs: { command: 'apply' }, env: env() });
    expect(again.status).toBe(0);
    expect(again.outputs).toMatchObject({ 'has-changes': 'false', changes: '0' });
    expect(sb.control.writeCalls()).toEqual([]);
  });
});

describe('apply with a state bucket, and when a change fails', () => {
  beforeEach(() =>
    start({
      ...DEFAULT_SEED,
      buckets: [...(DEFAULT_SEED.buckets ?? []), { name: 'abc-ops', region: 'cn-hangzhou' }],
      unfiled: ['nofiling.abc.com'],
    }),
  );

  it('takes and releases the apply lock and writes one audit entry naming the actor', async () => {
    const cwd = workspace({ 'domains.yml': `${ONE}state:\n  bucket: abc-ops\n  region: cn-hangzhou\n` });
    const run = await runAction({ cwd, inputs: { command: 'apply' }, env: env() });
    expect(run.status).toBe(0);
    const ops = sb.world.buckets.get('abc-ops')!.objects;
    expect([...ops.keys()].filter((k) => k.startsWith('locks/'))).toEqual([]);
    const audit = [...ops.entries()].filter(([k]) => k.startsWith('audit/'));
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]![1].body.toString())).toMatchObject({
      actor: 'github:octocat',
      command: 'apply',
      domains: ['img.abc.com'],
      ok: true,
    });
    const lockCalls = sb.control.calls({ action: ['PutObject', 'DeleteObject'] }).filter((c) => c.bucket === 'abc-ops');
    expect(lockCalls.length).toBeGreaterThanOrEqual(3);
  });

  it('a change that fails fails the step with the domain and the cloud’s reason, after the others were made', async () => {
    const cwd = workspace({
      'domains.yml': `${ONE}  - domain: nofiling.abc.com\n    bucket: abc-img\n    region: cn-hangzhou\n`,
    });
    const run = await runAction({ cwd, inputs: { command: 'apply' }, env: env() });
    expect(run.status).toBe(1);
    expect(errorCommands(run.stdout).at(-1)?.message).toMatch(
      /nofiling\.abc\.com: .*(ICP|filing|NoSuchCnameInRecord)/i,
    );
    expect(run.stdout).toMatch(/^::group::✗ nofiling\.abc\.com/m);
    expect(sb.world.buckets.get('abc-img')?.cnames.has('img.abc.com')).toBe(true);
    expect(run.summary).toContain('❌');
    expect(run.outputs['has-changes']).toBe('true');
  });
});

describe('drift', () => {
  beforeEach(() => start());

  it('fails and opens one issue while drift lasts; a clean run closes it', async () => {
    const cwd = workspace({ 'domains.yml': ONE });
    const inputs = { command: 'drift', 'drift-issue': 'true', 'github-token': gh.token };
    expect((await runAction({ cwd, inputs: { command: 'apply' }, env: env() })).status).toBe(0);

    const clean = await runAction({ cwd, inputs, env: env(), event: { name: 'schedule', payload: {} } });
    expect(clean.status).toBe(0);
    expect(clean.outputs.drift).toBe('false');
    expect(gh.issues).toEqual([]);

    // Someone points the record elsewhere by hand.
    cnameOf('img')!.value = 'elsewhere.example.net';
    const found = await runAction({ cwd, inputs, env: env(), event: { name: 'schedule', payload: {} } });
    expect(found.status).toBe(1);
    expect(found.outputs.drift).toBe('true');
    expect(errorCommands(found.stdout).at(-1)?.message).toMatch(/^Drift: 1 domain differs/);
    expect(gh.issues).toHaveLength(1);
    expect(gh.issues[0]).toMatchObject({ state: 'open', labels: [DRIFT_LABEL] });
    expect(gh.issues[0]!.body).toContain('img.abc.com');

    const still = await runAction({ cwd, inputs, env: env(), event: { name: 'schedule', payload: {} } });
    expect(still.status).toBe(1);
    expect(gh.issues).toHaveLength(1);

    const report = await runAction({
      cwd,
      inputs: { ...inputs, 'fail-on-drift': 'false' },
      env: env(),
      event: { name: 'schedule', payload: {} },
    });
    expect(report.status).toBe(0);
    expect(report.outputs.drift).toBe('true');

    expect((await runAction({ cwd, inputs: { command: 'apply' }, env: env() })).status).toBe(0);
    expect(cnameOf('img')?.value).toBe(TARGET);
    const healed = await runAction({ cwd, inputs, env: env(), event: { name: 'schedule', payload: {} } });
    expect(healed.status).toBe(0);
    expect(gh.issues).toHaveLength(1);
    expect(gh.issues[0]).toMatchObject({ state: 'closed', state_reason: 'completed' });
    expect(gh.comments.filter((c) => c.issue === gh.issues[0]!.number)).toHaveLength(1);
  });
});

describe('secrets', () => {
  beforeEach(() => start());

  it('credentials from inputs work, are masked first, and appear nowhere else', async () => {
    const secret = sb.credentials.accessKeySecret;
    const { ALIBABA_CLOUD_ACCESS_KEY_ID: _id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: _secret, ...endpoints } = sb.env;
    const cwd = workspace({ 'domains.yml': ONE });
    const run = await runAction({
      cwd,
      inputs: { command: 'apply', 'access-key-id': sb.credentials.accessKeyId, 'access-key-secret': secret },
      env: { ...endpoints, GITHUB_API_URL: gh.url },
    });
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[1]).toBe(`::add-mask::${secret}`);
    expect(run.stdout.split('\n').filter((l) => l.includes(secret))).toEqual([`::add-mask::${secret}`]);
    expect(run.stderr).not.toContain(secret);
    expect(run.summary).not.toContain(secret);
    expect(JSON.stringify(run.outputs)).not.toContain(secret);
  });

  it('a wrong secret fails with the cloud’s answer, never the secret', async () => {
    const wrong = 'wrong-secret-0123456789abcdef';
    const { ALIBABA_CLOUD_ACCESS_KEY_ID: _id, ALIBABA_CLOUD_ACCESS_KEY_SECRET: _secret, ...endpoints } = sb.env;
    const run = await runAction({
      cwd: workspace({ 'domains.yml': ONE }),
      inputs: { command: 'plan', 'access-key-id': sb.credentials.accessKeyId, 'access-key-secret': wrong },
      env: endpoints,
    });
    expect(run.status).toBe(1);
    expect(errorCommands(run.stdout).at(-1)?.message).toMatch(/Signature|AccessKey/i);
    expect(run.stdout.split('\n').filter((l) => l.includes(wrong))).toEqual([`::add-mask::${wrong}`]);
    expect(run.stderr + run.summary + JSON.stringify(run.outputs)).not.toContain(wrong);
  });
});

describe('refresh', () => {
  beforeEach(() =>
    start({
      ...DEFAULT_SEED,
      cdn: [{ domain: 'img.abc.com', origin: TARGET, status: 'online', tags: { 'oss-domains': 'ci' } }],
    }),
  );

  it('1,500 URLs are sent in two RefreshObjectCaches calls', async () => {
    const paths = Array.from({ length: 1500 }, (_, i) => `https://img.abc.com/assets/${i}.png`).join('\n');
    const run = await runAction({ cwd: workspace(), inputs: { command: 'refresh', paths }, env: env() });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(sb.control.calls({ action: 'RefreshObjectCaches' }).map((c) => c.status)).toEqual([200, 200]);
    expect(run.outputs).toMatchObject({ 'has-changes': 'true', changes: '1500' });
    expect(run.summary).toContain('in 2 calls');
  });

  it('object keys of a bucket are refreshed on its CDN domain', async () => {
    const run = await runAction({
      cwd: workspace(),
      inputs: { command: 'refresh', bucket: 'abc-img', paths: 'logo.png\ncss/' },
      env: env(),
    });
    expect(run.status).toBe(0);
    const refreshed = sb.world.refreshTasks.map((t) => t.objectPath).sort();
    expect(refreshed).toEqual(['http://img.abc.com/css/', 'http://img.abc.com/logo.png'].sort());
  });
});
