/**
 * The built bundle, run as the runner runs it, against the sandbox and a local GitHub API: the plan comment on pull
 * requests, apply (log groups, request ids, the state-bucket lock and audit, a failing change).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAN_COMMENT_MARKER } from '../../src/action/constants.js';
import { DEFAULT_SEED } from '../../src/sandbox/index.js';
import { alertHtml, alerts, renderGfm, tables, visibleText } from '../support/gfm.js';
import { errorCommands, runAction, workspace } from './harness.js';
import { ONE, prEvent, TARGET, TWO, useWorld } from './world.js';

describe('plan on a pull request', () => {
  const w = useWorld();

  it('creates one comment, then updates the same comment on the next push; no write call to the cloud', async () => {
    const cwd = workspace({ 'domains.yml': ONE });
    const first = await runAction({
      cwd,
      inputs: { command: 'plan', 'github-token': w.gh.token },
      env: w.env(),
      event: prEvent,
    });
    expect(first.stderr).toBe('');
    expect(first.status).toBe(0);
    expect(first.outputs).toMatchObject({ 'has-changes': 'true' });
    expect(Number(first.outputs.changes)).toBeGreaterThan(0);
    expect(JSON.parse(first.outputs['plan-json']!).domains[0].domain).toBe('img.abc.com');
    expect(first.summary).toContain('img.abc.com');
    expect(w.gh.comments).toHaveLength(1);
    expect(w.gh.comments[0]).toMatchObject({ issue: 7 });
    expect(w.gh.comments[0]!.body.startsWith(PLAN_COMMENT_MARKER)).toBe(true);
    expect(w.gh.comments[0]!.body).toContain('img.abc.com');
    expect(w.sb.control.writeCalls()).toEqual([]);

    writeFileSync(join(cwd, 'domains.yml'), TWO);
    const second = await runAction({
      cwd,
      inputs: { command: 'plan', 'github-token': w.gh.token },
      env: w.env(),
      event: prEvent,
    });
    expect(second.status).toBe(0);
    expect(w.gh.comments).toHaveLength(1);
    expect(w.gh.comments[0]!.body).toContain('static.abc.com');
    expect(w.gh.writes().map((r) => r.method)).toEqual(['POST', 'PATCH']);
    expect(w.sb.control.writeCalls()).toEqual([]);
  });

  it('a plan that fails replaces the comment’s old plan with the failure, still one comment', async () => {
    const cwd = workspace({ 'domains.yml': ONE });
    const inputs = { command: 'plan', 'github-token': w.gh.token };
    expect((await runAction({ cwd, inputs, env: w.env(), event: prEvent })).status).toBe(0);
    expect(w.gh.comments[0]!.body).toContain('img.abc.com');
    const wrong = 'wrong-secret-0123456789abcdef';
    const failed = await runAction({
      cwd,
      inputs,
      env: { ...w.env(), ALIBABA_CLOUD_ACCESS_KEY_SECRET: wrong },
      event: prEvent,
    });
    expect(failed.status).toBe(1);
    expect(w.gh.comments).toHaveLength(1);
    expect(w.gh.comments[0]!.body).toContain('oss-domains plan failed');
    expect(w.gh.comments[0]!.body).toMatch(/SignatureDoesNotMatch|InvalidAccessKeyId/);
    expect(w.gh.comments[0]!.body).not.toContain(wrong);
    expect(w.gh.comments[0]!.body).not.toContain('to create');
  });

  it('posts nothing with comment: false, and nothing on a push', async () => {
    const cwd = workspace({ 'domains.yml': ONE });
    const off = await runAction({
      cwd,
      inputs: { command: 'plan', comment: 'false', 'github-token': w.gh.token },
      env: w.env(),
      event: prEvent,
    });
    const push = await runAction({ cwd, inputs: { command: 'plan', 'github-token': w.gh.token }, env: w.env() });
    expect([off.status, push.status]).toEqual([0, 0]);
    expect(w.gh.requests).toEqual([]);
  });

  it('a conflict (a record this tool does not own) is annotated on the domain and fails the step', async () => {
    const cwd = workspace({
      'domains.yml': `${ONE}  - domain: www.abc.com\n    bucket: abc-img\n    region: cn-hangzhou\n`,
    });
    const run = await runAction({
      cwd,
      inputs: { command: 'plan', 'github-token': w.gh.token },
      env: w.env(),
      event: prEvent,
    });
    expect(run.status).toBe(1);
    const ann = errorCommands(run.stdout).find((e) => e.props.title?.startsWith('www.abc.com'));
    expect(ann?.props).toMatchObject({ file: 'domains.yml', line: '7' });
    expect(ann?.message).toContain('203.0.113.10');
    expect(w.gh.comments).toHaveLength(1);
    expect(w.records('abc.com').find((r) => r.rr === 'www')?.value).toBe('203.0.113.10');
  });

  it('counts domains in the `changes` output, the same unit as the headline', async () => {
    const run = await runAction({
      cwd: workspace({ 'domains.yml': TWO }),
      inputs: { command: 'plan', 'github-token': w.gh.token },
      env: w.env(),
      event: prEvent,
    });
    expect(run.status).toBe(0);
    expect(run.outputs).toMatchObject({ 'has-changes': 'true', changes: '2' });
    expect(JSON.parse(run.outputs['plan-json']!).domains.flatMap((d: any) => d.steps)).toHaveLength(4);
    expect(run.summary).toContain('**Plan** for 2 domains: 2 to create, 0 to update, 0 to delete, 0 in conflict');
  });

  it('a 2,000-domain plan, over the 1 MB GitHub allows a job in outputs, is also a file under RUNNER_TEMP', async () => {
    const many = Array.from({ length: 2_000 }, (_, i) => `  - domain: d${i}.abc.com\n    bucket: abc-img\n`).join('');
    const file = `version: 1\nowner: ci\ndefaults:\n  region: cn-hangzhou\ndomains:\n${many}`;
    const run = await runAction({
      cwd: workspace({ 'domains.yml': file }),
      inputs: { command: 'plan', comment: 'false' },
      env: w.env(),
    });
    expect(run.status).toBe(0);
    const planJson = run.outputs['plan-json']!;
    // GitHub counts output sizes in UTF-16: two bytes a character.
    expect(planJson.length * 2).toBeGreaterThan(1024 * 1024);
    const planFile = run.outputs['plan-file']!;
    expect(planFile.startsWith(run.runnerTemp)).toBe(true);
    expect(readFileSync(planFile, 'utf8')).toBe(planJson);
    expect(JSON.parse(readFileSync(planFile, 'utf8')).domains).toHaveLength(2_000);
  });

  it('a 300-domain plan whose only conflict is last in the file shows it on the first screen of the comment and the summary', async () => {
    const many = Array.from({ length: 300 }, (_, i) => `  - domain: d${i}.abc.com\n    bucket: abc-img\n`).join('');
    const file = `version: 1\nowner: ci\ndefaults:\n  region: cn-hangzhou\ndomains:\n${many}  - domain: www.abc.com\n    bucket: abc-img\n`;
    const run = await runAction({
      cwd: workspace({ 'domains.yml': file }),
      inputs: { command: 'plan', 'github-token': w.gh.token },
      env: w.env(),
      event: prEvent,
    });
    expect(run.status).toBe(1);
    const comment = w.gh.comments[0]!.body;
    expect(comment.length).toBeLessThanOrEqual(65_536);
    for (const body of [comment, run.summary]) {
      const html = renderGfm(body);
      expect(alerts(html)[0]).toBe('CAUTION');
      expect(visibleText(alertHtml(html, 'CAUTION')!)).toMatch(
        /www\.abc\.com \(domains\.yml:606:\d+\) — foreign-record: .*203\.0\.113\.10/,
      );
      expect(body.slice(0, 4_000)).toContain('(domains.yml:606:5) — foreign-record');
      expect(visibleText(renderGfm(body.slice(0, 4_000)))).toContain('www.abc.com (domains.yml:606:');
      for (const t of tables(html)) for (const row of t.rows) expect(row).toHaveLength(t.head.length);
    }
    expect(visibleText(alertHtml(renderGfm(comment), 'NOTE')!)).toMatch(
      /Left out .*: \d+ domains to create\. The whole plan is in the job summary/,
    );
    expect(run.outputs.changes).toBe('300');
  }, 60_000);

  it('never edits a comment someone else wrote, even one carrying the marker: the plan is posted as its own comment', async () => {
    const planted = `${PLAN_COMMENT_MARKER}\nApproved, merge away [x](http://evil.example)`;
    w.gh.comments.push({ id: 1, issue: 7, body: planted, user: { login: 'mallory', type: 'User' } });
    const run = await runAction({
      cwd: workspace({ 'domains.yml': ONE }),
      inputs: { command: 'plan', 'github-token': w.gh.token },
      env: w.env(),
      event: prEvent,
    });
    expect(run.status).toBe(0);
    expect(w.gh.comments).toHaveLength(2);
    expect(w.gh.comments[0]).toMatchObject({ id: 1, body: planted });
    expect(w.gh.comments[1]).toMatchObject({ user: { login: 'github-actions[bot]' } });
    expect(w.gh.comments[1]!.body).toContain('img.abc.com');
  });
});

describe('apply', () => {
  const w = useWorld();

  it('binds the domain, groups progress per domain, reports request ids; a second apply changes nothing', async () => {
    const cwd = workspace({ 'domains.yml': ONE });
    const run = await runAction({ cwd, inputs: { command: 'apply' }, env: w.env() });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(w.sb.world.buckets.get('abc-img')?.cnames.has('img.abc.com')).toBe(true);
    expect(w.cnameOf('img')?.value).toBe(TARGET);
    expect(run.outputs['has-changes']).toBe('true');
    expect(run.stdout).toMatch(/^::group::.*img\.abc\.com/m);
    const writes = w.sb.control.writeCalls().filter((c) => c.status < 400);
    const putCname = writes.find((c) => c.action === 'PutCname');
    expect(putCname).toBeDefined();
    expect(run.summary).toContain(putCname!.requestId);
    expect(run.summary).toContain('Verification');

    w.sb.control.clearCalls();
    const again = await runAction({ cwd, inputs: { command: 'apply' }, env: w.env() });
    expect(again.status).toBe(0);
    expect(again.outputs).toMatchObject({ 'has-changes': 'false', changes: '0' });
    expect(w.sb.control.writeCalls()).toEqual([]);
  });
});

describe('apply with a state bucket, and when a change fails', () => {
  const w = useWorld({
    ...DEFAULT_SEED,
    buckets: [...(DEFAULT_SEED.buckets ?? []), { name: 'abc-ops', region: 'cn-hangzhou' }],
    unfiled: ['nofiling.abc.com'],
  });

  it('takes and releases the apply lock and writes one audit entry naming the actor', async () => {
    const cwd = workspace({ 'domains.yml': `${ONE}state:\n  bucket: abc-ops\n  region: cn-hangzhou\n` });
    const run = await runAction({ cwd, inputs: { command: 'apply' }, env: w.env() });
    expect(run.status).toBe(0);
    const ops = w.sb.world.buckets.get('abc-ops')!.objects;
    expect([...ops.keys()].filter((k) => k.startsWith('locks/'))).toEqual([]);
    const audit = [...ops.entries()].filter(([k]) => k.startsWith('audit/'));
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]![1].body.toString())).toMatchObject({
      actor: 'github:octocat',
      command: 'apply',
      domains: ['img.abc.com'],
      ok: true,
    });
    const lockCalls = w.sb.control
      .calls({ action: ['PutObject', 'DeleteObject'] })
      .filter((c) => c.bucket === 'abc-ops');
    expect(lockCalls.length).toBeGreaterThanOrEqual(3);
  });

  it('a cancelled run releases the apply lock before it exits', async () => {
    const cwd = workspace({ 'domains.yml': `${ONE}state:\n  bucket: abc-ops\n  region: cn-hangzhou\n` });
    const ops = w.sb.world.buckets.get('abc-ops')!.objects;
    // Hold the run inside its lock: every DNS write is slow until the run has been cancelled.
    w.sb.control.setFaults({ actions: ['AddDomainRecord', 'UpdateDomainRecordRemark'], slowRate: 1, slowMs: 1_500 });
    let poll: NodeJS.Timeout | undefined;
    const run = await runAction({
      cwd,
      inputs: { command: 'apply' },
      env: w.env(),
      onStart: (child) => {
        poll = setInterval(() => {
          if (!ops.has('locks/apply.json')) return;
          clearInterval(poll);
          child.kill('SIGINT');
        }, 10);
      },
    });
    clearInterval(poll);
    w.sb.control.clearFaults();
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/^::warning::Cancelled \(SIGINT\): releasing the apply lock/m);
    expect(ops.has('locks/apply.json'), 'released, not left to expire').toBe(false);
  });

  it('a change that fails fails the step with the domain and the cloud’s reason, after the others were made', async () => {
    const cwd = workspace({
      'domains.yml': `${ONE}  - domain: nofiling.abc.com\n    bucket: abc-img\n    region: cn-hangzhou\n`,
    });
    const run = await runAction({ cwd, inputs: { command: 'apply' }, env: w.env() });
    expect(run.status).toBe(1);
    expect(errorCommands(run.stdout).at(-1)?.message).toMatch(
      /nofiling\.abc\.com: .*(ICP|filing|NoSuchCnameInRecord)/i,
    );
    expect(run.stdout).toMatch(/^::group::✗ nofiling\.abc\.com/m);
    expect(w.sb.world.buckets.get('abc-img')?.cnames.has('img.abc.com')).toBe(true);
    expect(run.summary).toContain('❌');
    expect(run.outputs['has-changes']).toBe('true');
    // The summary opens with what failed, and `changes` counts the domains changed.
    expect(run.summary).toMatch(
      /^### oss-domains apply\n\n\*\*Apply failed for 1 of 2 domains\*\*: 1 changed, 1 failed/,
    );
    expect(visibleText(alertHtml(renderGfm(run.summary), 'CAUTION')!)).toMatch(
      /nofiling\.abc\.com — .* failed: .*→ fix: /,
    );
    expect(run.outputs.changes).toBe('1');
  });
});
