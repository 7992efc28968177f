/**
 * The bot end to end: the real Bolt app in HTTP mode, requests signed as Slack signs them, its Web API and response
 * URLs on a local recording server, the core's real adapters against the sandbox (call log = what reached the cloud),
 * and — for "any replica can serve the click" — a second bot running as its own process (`node build/bot/app.js`).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CANCEL_ACTION, CONFIRM_ACTION } from '../../bot/constants.js';
import { DEFAULT_SEED, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import {
  ADMIN,
  botEnv,
  OPERATOR,
  SECRET,
  sandboxRuntime,
  startTestBot,
  type TestBot,
  textOf,
} from '../support/slack-bot.js';
import { type LocalGitHub, startLocalGitHub } from '../support/slack-github-api.js';
import { type SlackServer, startSlackServer } from '../support/slack-server.js';
import { blockActionBody, buttonOf, sendSigned } from '../support/slack-signing.js';

let sb: Sandbox;
let slack: SlackServer;
let bot: TestBot;
let child: ChildProcess | undefined;
let childUrl = '';

const STATE = { OSS_DOMAINS_STATE_BUCKET: 'abc-ops', OSS_DOMAINS_STATE_REGION: 'cn-hangzhou' };

const messages = (id: string) => slack.responses(id).map((r) => r.body);
const last = (id: string) => messages(id).at(-1) ?? {};
const writes = () => sb.control.writeCalls().map((c) => c.action);
/** Writes to the cloud itself, leaving out the apply lock and audit objects in the state bucket. */
const cloudWrites = () =>
  sb.control
    .writeCalls()
    .filter((c) => c.bucket !== 'abc-ops')
    .map((c) => c.action);
const auditKeys = () => [...sb.world.buckets.get('abc-ops')!.objects.keys()].filter((k) => k.startsWith('audit/'));

/** Starts `node build/bot/app.js` (compiled by the global setup) and waits for its "listening" line. */
async function startChild(env: Record<string, string>): Promise<string> {
  const p = spawn(process.execPath, ['build/bot/app.js'], {
    env: { PATH: process.env.PATH ?? '', ...env, PORT: '0' },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child = p;
  let err = '';
  p.stderr!.setEncoding('utf8');
  return new Promise<string>((resolve, reject) => {
    p.stderr!.on('data', (d: string) => {
      err += d;
      const m = /listening on http:\/\/0\.0\.0\.0:(\d+)\/slack\/events/.exec(err);
      if (m) resolve(`http://127.0.0.1:${m[1]}/slack/events`);
    });
    p.once('exit', (code) => reject(new Error(`bot process exited (${code}): ${err}`)));
  });
}

beforeAll(async () => {
  sb = await startSandbox({
    seed: { ...DEFAULT_SEED, buckets: [...(DEFAULT_SEED.buckets ?? []), { name: 'abc-ops', region: 'cn-hangzhou' }] },
  });
  slack = await startSlackServer();
  const env = { ...sb.env, ...STATE } as Record<string, string>;
  bot = await startTestBot({
    env,
    slack,
    deps: {
      createRuntime: sandboxRuntime(env),
      progress: { minIntervalMs: 0, maxUpdates: 2 },
    },
  });
  childUrl = await startChild({ ...env, ...botEnv(slack.apiUrl) });
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  await bot?.stop();
  await slack?.close();
  await sb?.stop();
});

beforeEach(() => sb.control.clearCalls());

describe('bind: plan, confirm, apply', () => {
  it('plans with no write call, refuses an operator, then binds when an admin confirms on another process', async () => {
    expect((await bot.command('bind img.abc.com abc-img', ADMIN, 'bind-cmd')).status).toBe(200);
    await slack.waitFor(() => messages('bind-cmd').length === 1, 'the plan');
    const plan = last('bind-cmd');
    expect(plan.response_type).toBe('in_channel');
    expect(textOf(plan)).toContain('bind `img.abc.com` to bucket `abc-img` (cn-hangzhou)');
    expect(textOf(plan)).toContain('+ CNAME img.abc.com → abc-img.oss-cn-hangzhou.aliyuncs.com (TTL 600)');
    const confirm = buttonOf(plan, CONFIRM_ACTION)!;
    expect(confirm.style).toBe('primary');
    expect(confirm.confirm).toBeUndefined();
    expect(sb.control.calls().length).toBeGreaterThan(0); // the plan read the cloud…
    expect(writes()).toEqual([]); // …and changed nothing (CreateCnameToken would be a write)

    sb.control.clearCalls();
    await bot.click(CONFIRM_ACTION, confirm.value, OPERATOR, 'bind-op');
    await slack.waitFor(() => messages('bind-op').length === 1, 'the refusal');
    expect(textOf(last('bind-op'))).toContain('only admins may bind');
    expect(sb.control.calls()).toEqual([]);

    // The button made by the in-process bot is pressed on the separate process: nothing is shared but the secret.
    const click = blockActionBody({
      actionId: CONFIRM_ACTION,
      value: confirm.value,
      user: ADMIN,
      responseUrl: slack.responseUrl('bind-click'),
    });
    expect((await sendSigned(childUrl, click, { secret: SECRET })).status).toBe(200);
    await slack.waitFor(() => /^(Done|Failed)/.test(last('bind-click').text ?? ''), 'the result');
    const result = last('bind-click');
    expect(result.text).toMatch(/^Done/);
    expect(result.replace_original).toBe(true);
    expect(messages('bind-click').length).toBeLessThanOrEqual(5); // Slack's limit per response URL

    expect(writes()).toEqual(expect.arrayContaining(['CreateCnameToken', 'AddDomainRecord', 'PutCname']));
    // The final message names every change with the request ids the cloud gave, and the DNS check.
    const putCname = sb.control.writeCalls().find((c) => c.action === 'PutCname')!;
    expect(textOf(result)).toContain(putCname.requestId);
    expect(textOf(result)).toContain('img.abc.com resolves to abc-img.oss-cn-hangzhou.aliyuncs.com');
    expect(sb.world.buckets.get('abc-img')!.cnames.has('img.abc.com')).toBe(true);
    const rec = [...sb.world.zones.get('abc.com')!.records.values()].find((r) => r.rr === 'img' && r.type === 'CNAME');
    expect(rec?.value).toBe('abc-img.oss-cn-hangzhou.aliyuncs.com');

    await slack.waitFor(
      () => slack.api('chat.postMessage').some((c) => c.body.channel === 'C0AUDIT'),
      'the audit post',
    );
    const audit = slack.api('chat.postMessage').find((c) => c.body.channel === 'C0AUDIT')!;
    expect(JSON.stringify(audit.body)).toContain('/oss bind img.abc.com abc-img --region cn-hangzhou');
    await slack.waitFor(() => auditKeys().length === 1, 'the audit entry in the state bucket');
    const entry = JSON.parse(sb.world.buckets.get('abc-ops')!.objects.get(auditKeys()[0]!)!.body.toString());
    expect(entry).toMatchObject({ actor: `slack:${ADMIN}`, command: 'bind', domains: ['img.abc.com'], ok: true });
    if (process.env.BOT_DUMP)
      console.log(JSON.stringify({ plan, result: messages('bind-click'), audit: audit.body, entry }, null, 1));
  });

  it('shows the new plan instead of applying when the cloud changed after the plan was shown', async () => {
    await bot.command('bind static.abc.com abc-img', ADMIN, 'changed-cmd');
    await slack.waitFor(() => messages('changed-cmd').length === 1, 'the plan');
    const confirm = buttonOf(last('changed-cmd'), CONFIRM_ACTION)!;
    // Someone creates a record at the name by hand: binding would now conflict with it.
    sb.control.seed({ zones: [{ name: 'abc.com', records: [{ rr: 'static', type: 'A', value: '203.0.113.99' }] }] });
    sb.control.clearCalls();
    await bot.click(CONFIRM_ACTION, confirm.value, ADMIN, 'changed-click');
    await slack.waitFor(() => messages('changed-click').length === 1, 'the new plan');
    const shown = last('changed-click');
    expect(textOf(shown)).toContain('The plan changed since it was shown');
    expect(textOf(shown)).toContain('203.0.113.99');
    expect(shown.replace_original).toBe(true);
    expect(buttonOf(shown, CONFIRM_ACTION)).toBeUndefined(); // a conflict: nothing to confirm
    expect(cloudWrites()).toEqual([]);
  });

  it('a plan that changed but can still be applied is shown again with fresh buttons; only those apply it', async () => {
    await bot.command('bind later.abc.com abc-img', ADMIN, 'later-cmd');
    await slack.waitFor(() => messages('later-cmd').length === 1, 'the plan');
    const old = buttonOf(last('later-cmd'), CONFIRM_ACTION)!;
    // Meanwhile a record this tool owns appears at the name, pointing elsewhere: the plan becomes "update", not "create".
    const later = { rr: 'later', type: 'CNAME', value: 'old-target.example.net', remark: 'oss-domains:default' };
    sb.control.seed({ zones: [{ name: 'abc.com', records: [later] }] });
    sb.control.clearCalls();
    await bot.click(CONFIRM_ACTION, old.value, ADMIN, 'later-click');
    await slack.waitFor(() => messages('later-click').length === 1, 'the new plan');
    const shown = last('later-click');
    expect(textOf(shown)).toContain('The plan changed since it was shown');
    expect(textOf(shown)).toContain('old-target.example.net');
    expect(cloudWrites()).toEqual([]);
    const fresh = buttonOf(shown, CONFIRM_ACTION)!;
    expect(fresh.value).not.toBe(old.value);
    // The first click ends just after posting that message; a person cannot click within those milliseconds, a test
    // can (and would be told the change is still running).
    await slack.waitFor(() => bot.bot.ctx.changing.size === 0, 'the first click to end');

    await bot.click(CONFIRM_ACTION, fresh.value, ADMIN, 'later-again');
    await slack.waitFor(() => /^(Done|Failed)/.test(last('later-again').text ?? ''), 'the result');
    expect(last('later-again').text).toMatch(/^Done/);
    const records = [...sb.world.zones.get('abc.com')!.records.values()].filter((r) => r.rr === 'later');
    expect(records.map((r) => `${r.type} ${r.value}`)).toEqual(['CNAME abc-img.oss-cn-hangzhou.aliyuncs.com']);
  });

  it('applies once when confirm is pressed twice at once on two replicas', async () => {
    await bot.command('bind twice.abc.com abc-img', ADMIN, 'twice-cmd');
    await slack.waitFor(() => messages('twice-cmd').length === 1, 'the plan');
    const value = buttonOf(last('twice-cmd'), CONFIRM_ACTION)!.value;
    sb.control.clearCalls();
    const audited = auditKeys().length;
    const body = blockActionBody({
      actionId: CONFIRM_ACTION,
      value,
      user: ADMIN,
      responseUrl: slack.responseUrl('twice-b'),
    });
    await Promise.all([
      bot.click(CONFIRM_ACTION, value, ADMIN, 'twice-a'),
      sendSigned(childUrl, body, { secret: SECRET }),
    ]);
    const settled = (id: string) =>
      messages(id).some((m) => /^(Done|Failed|:information_source: Already done)/.test(m.text ?? ''));
    await slack.waitFor(() => settled('twice-a') && settled('twice-b'), 'both answers');
    const finals = [last('twice-a'), last('twice-b')].map((m) => m.text as string).sort();
    expect(finals[0]).toMatch(/^:information_source: Already done: <@U0ADMIN> confirmed `\/oss bind twice\.abc\.com/);
    expect(finals[1]).toMatch(/^Done/);
    // The "already done" answer goes to the clicker alone and leaves the message showing the result as it is.
    const used = [last('twice-a'), last('twice-b')].find((m) => /Already done/.test(m.text))!;
    expect(used).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    expect(cloudWrites().filter((a) => a === 'PutCname')).toHaveLength(1);
    await slack.waitFor(() => auditKeys().length === audited + 1, 'one audit entry');
  });

  it('answers a click after the change ran "already done", on the other replica, and changes nothing', async () => {
    await bot.command('bind once.abc.com abc-img', ADMIN, 'once-cmd');
    await slack.waitFor(() => messages('once-cmd').length === 1, 'the plan');
    const value = buttonOf(last('once-cmd'), CONFIRM_ACTION)!.value;
    await bot.click(CONFIRM_ACTION, value, ADMIN, 'once-click');
    await slack.waitFor(() => /^(Done|Failed)/.test(last('once-click').text ?? ''), 'the result');
    expect(last('once-click').text).toMatch(/^Done/);
    await slack.waitFor(() => bot.bot.ctx.changing.size === 0, 'the first click to end');
    // Someone removes the record by hand: the plan is no longer "nothing to do", yet the button was used.
    const zone = sb.world.zones.get('abc.com')!;
    for (const [id, r] of zone.records) if (r.rr === 'once' && r.type === 'CNAME') zone.records.delete(id);
    sb.control.clearCalls();
    const late = blockActionBody({
      actionId: CONFIRM_ACTION,
      value,
      user: ADMIN,
      responseUrl: slack.responseUrl('once-late'),
    });
    await sendSigned(childUrl, late, { secret: SECRET });
    await slack.waitFor(() => messages('once-late').length === 1, 'the late answer');
    expect(last('once-late').text).toMatch(/^:information_source: Already done: <@U0ADMIN> confirmed/);
    expect(last('once-late').replace_original).toBe(false);
    // Cancel pressed late is told the same, and does not replace the result with "Cancelled".
    await bot.click(CANCEL_ACTION, value, ADMIN, 'once-cancel');
    await slack.waitFor(() => messages('once-cancel').length === 1, 'the late cancel');
    expect(last('once-cancel').text).toMatch(/^:information_source: Already done: <@U0ADMIN> confirmed/);
    expect(last('once-cancel').replace_original).toBe(false);
    expect(cloudWrites()).toEqual([]);
    // Each click's one write attempt is its claim of the button's marker, which OSS refused (it exists).
    expect(sb.control.writeCalls().map((c) => `${c.action}:${c.bucket}:${c.status}`)).toEqual([
      'PutObject:abc-ops:409',
      'PutObject:abc-ops:409',
    ]);
  });

  it('answers confirm after Cancel "already done" on any replica, and binds nothing', async () => {
    await bot.command('bind nope.abc.com abc-img', ADMIN, 'nope-cmd');
    await slack.waitFor(() => messages('nope-cmd').length === 1, 'the plan');
    const value = buttonOf(last('nope-cmd'), CONFIRM_ACTION)!.value;
    await bot.click(CANCEL_ACTION, value, ADMIN, 'nope-cancel');
    await slack.waitFor(() => messages('nope-cancel').length === 1, 'the cancel');
    expect(last('nope-cancel').text).toContain('Cancelled by <@U0ADMIN>');
    sb.control.clearCalls();
    for (const [url, id] of [
      [childUrl, 'nope-child'],
      [bot.url, 'nope-here'],
    ] as const) {
      const click = blockActionBody({
        actionId: CONFIRM_ACTION,
        value,
        user: ADMIN,
        responseUrl: slack.responseUrl(id),
      });
      await sendSigned(url, click, { secret: SECRET });
      await slack.waitFor(() => messages(id).length === 1, `the answer of ${id}`);
      expect(last(id).text).toMatch(/^:information_source: Already done: <@U0ADMIN> cancelled this plan/);
      expect(last(id).text).toContain(
        'run `/oss bind nope.abc.com abc-img --region cn-hangzhou` again for a fresh plan',
      );
    }
    expect(sb.world.buckets.get('abc-img')!.cnames.has('nope.abc.com')).toBe(false);
    expect(sb.control.writeCalls().filter((c) => c.status < 400)).toEqual([]);
  });

  it('ignores a click with a bad signature or a 10-minute-old timestamp: no call reaches the cloud', async () => {
    await bot.command('bind www2.abc.com abc-img', ADMIN, 'replay-cmd');
    await slack.waitFor(() => messages('replay-cmd').length === 1, 'the plan');
    const value = buttonOf(last('replay-cmd'), CONFIRM_ACTION)!.value;
    sb.control.clearCalls();
    const body = blockActionBody({
      actionId: CONFIRM_ACTION,
      value,
      user: ADMIN,
      responseUrl: slack.responseUrl('replay'),
    });
    expect((await sendSigned(bot.url, body, { secret: 'a-guessed-secret' })).status).toBe(401);
    const old = Math.floor(Date.now() / 1000) - 600;
    expect((await sendSigned(bot.url, body, { secret: SECRET, timestampSec: old })).status).toBe(401);
    expect((await sendSigned(childUrl, body, { secret: SECRET, timestampSec: old })).status).toBe(401);
    // A legitimate click afterwards is served, so anything the rejected ones had started would have shown by now.
    await bot.click(CANCEL_ACTION, value, ADMIN, 'replay-after');
    await slack.waitFor(() => messages('replay-after').length === 1, 'the cancel');
    expect(messages('replay')).toEqual([]);
    // The one call is the cancel's: the marker that uses the button up, in the state bucket.
    expect(sb.control.calls().map((c) => `${c.action}:${c.bucket}`)).toEqual(['PutObject:abc-ops']);
  });
});

describe('unbind', () => {
  it('asks for confirmation with a danger button and a dialog, and unbinds', async () => {
    await bot.command('unbind img.abc.com', ADMIN, 'unbind-cmd');
    await slack.waitFor(() => messages('unbind-cmd').length === 1, 'the plan');
    const confirm = buttonOf(last('unbind-cmd'), CONFIRM_ACTION)!;
    expect(confirm.style).toBe('danger');
    expect(confirm.confirm.style).toBe('danger');
    expect(confirm.confirm.title.text).toBe('Unbind img.abc.com?');
    expect(writes()).toEqual([]);
    const audited = auditKeys().length;
    await bot.click(CONFIRM_ACTION, confirm.value, ADMIN, 'unbind-click');
    await slack.waitFor(() => /^(Done|Failed)/.test(last('unbind-click').text ?? ''), 'the result', 60_000);
    expect(last('unbind-click').text).toMatch(/^Done/);
    expect(writes()).toEqual(expect.arrayContaining(['DeleteCname', 'DeleteDomainRecord']));
    expect(sb.world.buckets.get('abc-img')!.cnames.has('img.abc.com')).toBe(false);
    await slack.waitFor(
      () => slack.api('chat.postMessage').some((c) => JSON.stringify(c.body).includes('/oss unbind img.abc.com')),
      'the audit post',
    );
    await slack.waitFor(() => auditKeys().length === audited + 1, 'the audit entry');
  });
});

describe('CDN and refresh', () => {
  it('shows progress while the CDN domain comes online, within the response URL limit, then refreshes', async () => {
    await bot.command('bind edge.abc.com abc-img --cdn', ADMIN, 'cdn-cmd');
    await slack.waitFor(() => messages('cdn-cmd').length === 1, 'the plan');
    const confirm = buttonOf(last('cdn-cmd'), CONFIRM_ACTION)!;
    expect(textOf(last('cdn-cmd'))).toContain(
      '+ create a CDN domain (domestic) with origin abc-img.oss-cn-hangzhou.aliyuncs.com',
    );
    const audited = auditKeys().length;
    await bot.click(CONFIRM_ACTION, confirm.value, ADMIN, 'cdn-click');
    await slack.waitFor(() => /^(Done|Failed)/.test(last('cdn-click').text ?? ''), 'the result');
    await slack.waitFor(() => auditKeys().length === audited + 1, 'the audit entry of the bind');
    const all = messages('cdn-click');
    expect(all.at(-1)!.text).toMatch(/^Done/);
    expect(all[0]!.text).toMatch(/^Applying/);
    const progress = all.slice(1, -1);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(2);
    expect(textOf(progress[0]!)).toMatch(/edge\.abc\.com: /);
    expect(sb.world.cdn.get('edge.abc.com')).toBeDefined();

    sb.control.clearCalls();
    await bot.command('refresh https://edge.abc.com/logo.png', OPERATOR, 'refresh');
    await slack.waitFor(() => messages('refresh').length === 1, 'the refresh');
    expect(last('refresh').text).toContain('started a CDN refresh of 1 URL(s)');
    // The one write besides the refresh is its audit entry in the state bucket.
    expect(sb.control.writeCalls().map((c) => `${c.action}${c.bucket ? `:${c.bucket}` : ''}`)).toEqual([
      'RefreshObjectCaches',
      'PutObject:abc-ops',
    ]);
    await slack.waitFor(
      () =>
        slack
          .api('chat.postMessage')
          .some((c) => JSON.stringify(c.body).includes('/oss refresh https://edge.abc.com/logo.png')),
      'the refresh audit',
    );
    const entries = auditKeys().map((k) =>
      JSON.parse(sb.world.buckets.get('abc-ops')!.objects.get(k)!.body.toString()),
    );
    expect(entries.filter((e) => e.command === 'refresh')).toEqual([
      expect.objectContaining({ actor: `slack:${OPERATOR}`, domains: ['edge.abc.com'], ok: true }),
    ]);
  });
});

describe('errors', () => {
  it('turns a cloud error into a short message with the next step, never a stack or a secret', async () => {
    const wrong = 'wrong-secret-value-0123456789';
    const env = { ...sb.env, ALIBABA_CLOUD_ACCESS_KEY_SECRET: wrong } as Record<string, string>;
    const bad = await startTestBot({
      env,
      slack,
      deps: { createRuntime: sandboxRuntime(env, { maxAttempts: 1 }) },
    });
    try {
      await bad.command('status img.abc.com', OPERATOR, 'bad-creds');
      await slack.waitFor(() => messages('bad-creds').length === 1, 'the error');
      const text = textOf(last('bad-creds'));
      expect(text).toMatch(/SignatureDoesNotMatch|InvalidAccessKeyId/);
      expect(text).not.toContain(wrong);
      expect(text).not.toMatch(/\n\s+at /);
      expect(text.length).toBeLessThan(1500);
      expect(last('bad-creds').response_type).toBe('ephemeral');
    } finally {
      await bad.stop();
    }
  });
});

describe('read-only commands', () => {
  it('answers status and list with what is bound, making no write call', async () => {
    // By now twice.abc.com is bound (bucket and DNS), edge.abc.com too (through CDN), and img.abc.com was unbound.
    await bot.command('status twice.abc.com', OPERATOR, 'status');
    await bot.command('status img.abc.com', OPERATOR, 'status-gone');
    await bot.command('list abc-img', OPERATOR, 'list');
    await bot.command('list', OPERATOR, 'list-all');
    await slack.waitFor(
      () => ['status', 'status-gone', 'list', 'list-all'].every((id) => messages(id).length === 1),
      'status and list',
    );
    expect(textOf(last('status'))).toContain(
      'bucket `abc-img` (cn-hangzhou) · DNS CNAME → `abc-img.oss-cn-hangzhou.aliyuncs.com`',
    );
    expect(textOf(last('status-gone'))).toMatch(/not bound to a bucket|Nothing is bound/);
    const list = textOf(last('list'));
    expect(list).toContain('`twice.abc.com`');
    expect(list).toContain('`edge.abc.com`');
    expect(list).not.toContain('`img.abc.com`');
    const all = textOf(last('list-all'));
    expect(all).toMatch(/^\d+ domain\(s\) for oss-domains \(every owner\)/);
    expect(all).toContain('`twice.abc.com`');
    expect(all).toContain('`edge.abc.com`');
    expect(writes()).toEqual([]);
  });
});

describe('GitOps mode', () => {
  let gh: LocalGitHub;
  let gitops: TestBot;
  const FILE =
    '# managed by web-team\nversion: 1\nowner: default\ndomains:\n  # images\n  - domain: img.abc.com\n    bucket: abc-img\n    region: cn-hangzhou   # Hangzhou\n';

  beforeAll(async () => {
    gh = await startLocalGitHub({
      owner: 'web-team',
      repo: 'infra',
      token: 'ghp_gitopstoken0001',
      files: { 'domains.yml': FILE },
    });
    const env = {
      ...sb.env,
      OSS_DOMAINS_REPO: 'web-team/infra',
      GITHUB_TOKEN: 'ghp_gitopstoken0001',
      GITHUB_API_URL: gh.url,
    } as Record<string, string>;
    gitops = await startTestBot({
      env,
      slack,
      deps: { createRuntime: sandboxRuntime(env) },
    });
  });
  afterAll(async () => {
    await gitops.stop();
    await gh.close();
  });

  it('opens a pull request editing domains.yml, comments intact, and changes nothing in the cloud', async () => {
    await gitops.command('bind cdn.abc.com abc-img --cdn', ADMIN, 'pr-cmd');
    await slack.waitFor(() => messages('pr-cmd').length === 1, 'the plan');
    const confirm = buttonOf(last('pr-cmd'), CONFIRM_ACTION)!;
    expect(confirm.text.text).toBe('Open pull request');
    sb.control.clearCalls();
    await gitops.click(CONFIRM_ACTION, confirm.value, ADMIN, 'pr-click');
    await slack.waitFor(() => messages('pr-click').some((m) => /pull request/.test(m.text ?? '')), 'the PR link');
    expect(last('pr-click').text).toContain('https://github.example/web-team/infra/pull/1');
    expect(writes()).toEqual([]);
    const pr = gh.pulls[0]!;
    const edited = gh.file(pr.head, 'domains.yml')!;
    expect(edited).toBe(
      `${FILE}  - domain: cdn.abc.com\n    bucket: abc-img\n    region: cn-hangzhou\n    cdn: true\n`,
    );
    expect(gh.file('main', 'domains.yml')).toBe(FILE);
    // The description shows the plan as confirmed, in the core's words.
    expect(pr.body).toContain('+ create a CDN domain (domestic) with origin abc-img.oss-cn-hangzhou.aliyuncs.com');
  });

  it('checks drift against the repository file', async () => {
    await gitops.command('drift', OPERATOR, 'drift');
    await slack.waitFor(() => messages('drift').length === 1, 'the drift report');
    // img.abc.com was unbound above, and the file still declares it.
    expect(textOf(last('drift'))).toContain('The cloud differs from web-team/infra:domains.yml');
    expect(textOf(last('drift'))).toContain('img.abc.com');
    expect(writes()).toEqual([]);
  });
});
