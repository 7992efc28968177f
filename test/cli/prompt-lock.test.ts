/**
 * An interactive apply with a state bucket: the person at the prompt holds no lock (other runs are not kept waiting
 * on a human), and what runs under the lock is exactly what was confirmed — or nothing, when the cloud changed.
 */
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { runAtTerminal, runCli } from './run.js';

let sb: Sandbox;
let dir: string;
let env: NodeJS.ProcessEnv;

beforeEach(async () => {
  sb = await startSandbox({ seed: 'default' });
  sb.control.seed({ buckets: [{ name: 'abc-ops', region: 'cn-hangzhou' }] });
  env = { PATH: process.env.PATH, USER: 'alice', ...sb.env };
  dir = await mkdtemp(join(tmpdir(), 'oss-domains-prompt-'));
  await writeFile(
    join(dir, 'domains.yml'),
    'version: 1\nowner: web\nstate: { bucket: abc-ops, region: cn-hangzhou }\n' +
      'domains:\n  - { domain: img.abc.com, bucket: abc-img, region: cn-hangzhou }\n',
  );
});
afterEach(() => sb.stop());

const ops = () => [...sb.world.buckets.get('abc-ops')!.objects.keys()];
const cnameWrites = () => sb.control.writeCalls().filter((c) => !['PutObject', 'DeleteObject'].includes(c.action));

describe('apply at a terminal with a state bucket', () => {
  it('holds no lock while asking, then applies what was confirmed under the lock', async () => {
    let atPrompt: string[] = [];
    const r = await runAtTerminal(['apply'], env, dir, 'yes', () => {
      atPrompt = ops();
    });
    expect(r.status, r.stderr).toBe(0);
    expect(atPrompt).toEqual([]);
    expect(sb.world.buckets.get('abc-img')!.cnames.has('img.abc.com')).toBe(true);
    const after = ops();
    expect(after).not.toContain('locks/apply.json');
    expect(after.filter((k) => k.startsWith('audit/'))).toHaveLength(1);
    expect(sb.control.calls({ action: 'PutObject' }).some((c) => c.status === 200)).toBe(true);
  });

  it('applies nothing when the cloud changed while the person was deciding', async () => {
    sb.control.clearCalls();
    const r = await runAtTerminal(['apply', '--json'], env, dir, 'yes', () => {
      // Someone else binds the domain to another bucket meanwhile.
      sb.control.seed({ buckets: [{ name: 'abc-other', region: 'cn-hangzhou', cnames: [{ domain: 'img.abc.com' }] }] });
      sb.control.seed({
        zones: [
          { name: 'abc.com', records: [{ rr: 'img', type: 'CNAME', value: 'abc-other.oss-cn-hangzhou.aliyuncs.com' }] },
        ],
      });
    });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('The cloud changed while you were deciding');
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, changed: true, results: [] });
    expect(cnameWrites()).toEqual([]);
    expect(ops()).not.toContain('locks/apply.json');
  });
});

describe('bind and unbind with a state bucket', () => {
  const audits = () => ops().filter((k) => k.startsWith('audit/'));
  const lockTaken = () =>
    sb.control.calls({ action: 'PutObject' }).some((c) => c.bucket === 'abc-ops' && c.status === 200);

  it('next to a domains.yml with state:, they take its apply lock and write its audit log', async () => {
    const bind = await runCli(['bind', 'files.abc.com', 'abc-img', '--yes'], env, dir);
    expect(bind.status, bind.stderr).toBe(0);
    expect(lockTaken()).toBe(true);
    const unbind = await runCli(['unbind', 'files.abc.com', '--yes'], env, dir);
    expect(unbind.status, unbind.stderr).toBe(0);
    expect(audits()).toHaveLength(2);
    expect(ops()).not.toContain('locks/apply.json');
  });

  it('a file named with -c that is invalid stops them before any call, each problem at its line', async () => {
    await writeFile(join(dir, 'bad.yml'), 'version: 1\nstate: { bucket: abc-ops }\ndomains: []\n');
    sb.control.clearCalls();
    const r = await runCli(['bind', 'files.abc.com', 'abc-img', '-c', 'bad.yml', '--yes', '--json'], env, dir);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`1 problem in ${join(dir, 'bad.yml')}; nothing was changed.`);
    expect(JSON.parse(r.stdout)).toMatchObject({ ok: false, issues: [{ line: 2 }] });
    expect(sb.control.calls()).toEqual([]);
  });

  it('OSS_DOMAINS_STATE_BUCKET and _REGION name it anywhere, as for the bot; half of the pair is an error', async () => {
    const elsewhere = await mkdtemp(join(tmpdir(), 'oss-domains-nofile-'));
    const withState = { ...env, OSS_DOMAINS_STATE_BUCKET: 'abc-ops', OSS_DOMAINS_STATE_REGION: 'cn-hangzhou' };
    const bind = await runCli(['bind', 'files.abc.com', 'abc-img', '--yes'], withState, elsewhere);
    expect(bind.status, bind.stderr).toBe(0);
    expect(audits()).toHaveLength(1);

    sb.control.clearCalls();
    const half = await runCli(
      ['unbind', 'files.abc.com', '--yes', '--json'],
      { ...env, OSS_DOMAINS_STATE_BUCKET: 'abc-ops' },
      elsewhere,
    );
    expect(half.status).toBe(1);
    expect(JSON.parse(half.stdout).error.message).toBe(
      'OSS_DOMAINS_STATE_BUCKET is set without OSS_DOMAINS_STATE_REGION',
    );
    expect(sb.control.writeCalls()).toEqual([]);

    // The same rules as the bot's start-up check and as state: in domains.yml: a misspelt region is not guessed at.
    const typo = await runCli(
      ['unbind', 'files.abc.com', '--yes', '--json'],
      { ...withState, OSS_DOMAINS_STATE_REGION: 'cn-hangzhuo' },
      elsewhere,
    );
    expect(typo.status).toBe(1);
    expect(JSON.parse(typo.stdout).error).toMatchObject({
      message: 'OSS_DOMAINS_STATE_REGION: unknown region "cn-hangzhuo"; did you mean "cn-hangzhou"?',
    });
    expect(sb.control.writeCalls()).toEqual([]);
  });
});
