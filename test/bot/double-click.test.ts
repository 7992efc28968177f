/**
 * Confirm pressed twice at once, without a state bucket (so without the apply lock; e2e.test.ts covers the locked
 * case): on one replica the change runs once; on two replicas both run, and the core's idempotent steps still leave
 * exactly one binding and one set of records — what the README promises for this set-up.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONFIRM_ACTION } from '../../bot/constants.js';
import { type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { ADMIN, sandboxRuntime, startTestBot, type TestBot } from '../support/slack-bot.js';
import { startLocalGitHub } from '../support/slack-github-api.js';
import { type SlackServer, startSlackServer } from '../support/slack-server.js';
import { buttonOf } from '../support/slack-signing.js';

const ADMIN2 = 'U0ADMIN2';

let sb: Sandbox;
let slack: SlackServer;
let a: TestBot;
let b: TestBot;

const texts = (id: string) => slack.responses(id).map((r) => String(r.body.text ?? ''));
const settled = (id: string) => texts(id).some((t) => /^(Done|Failed)|still running/.test(t));
const records = (rr: string) => [...sb.world.zones.get('abc.com')!.records.values()].filter((r) => r.rr === rr);
const puts = () => sb.control.writeCalls().filter((c) => c.action === 'PutCname' && c.status < 400).length;

/** Plans `bind DOMAIN abc-img` on replica `a` and returns the confirm button's value. */
async function planned(domain: string, id: string): Promise<string> {
  await a.command(`bind ${domain} abc-img`, ADMIN, id);
  await slack.waitFor(() => slack.responses(id).length === 1, 'the plan');
  return buttonOf(slack.responses(id)[0]!.body, CONFIRM_ACTION)!.value;
}

beforeAll(async () => {
  sb = await startSandbox({});
  slack = await startSlackServer();
  const env = { ...sb.env } as Record<string, string>;
  const deps = { createRuntime: sandboxRuntime(env) };
  const admins = { OSS_DOMAINS_ADMINS: `${ADMIN},${ADMIN2}` };
  a = await startTestBot({ env: { ...env, ...admins }, slack, deps });
  b = await startTestBot({ env: { ...env, ...admins }, slack, deps });
});

afterAll(async () => {
  await a?.stop();
  await b?.stop();
  await slack?.close();
  await sb?.stop();
});

beforeEach(() => sb.control.clearCalls());

describe('double-click without a state bucket', () => {
  it('on one replica: the change runs once; the other click is told it is running and reaches no cloud API', async () => {
    const value = await planned('one.abc.com', 'one-cmd');
    sb.control.clearCalls();
    await Promise.all([
      a.click(CONFIRM_ACTION, value, ADMIN, 'one-a'),
      a.click(CONFIRM_ACTION, value, ADMIN2, 'one-b'),
    ]);
    await slack.waitFor(() => settled('one-a') && settled('one-b'), 'both answers');
    const answers = [texts('one-a'), texts('one-b')];
    const ran = answers.find((t) => t.some((x) => x.startsWith('Done')))!;
    const refused = answers.find((t) => t !== ran)!;
    expect(ran.at(-1)).toMatch(/^Done/);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatch(/A change to `one\.abc\.com` confirmed by <@U0ADMIN2?> is still running/);
    expect(puts()).toBe(1);
    expect(records('one').filter((r) => r.type === 'CNAME')).toHaveLength(1);

    // Once it is done (the audit posted too), a late click — here or on the other replica — re-plans, finds nothing
    // to do, and answers "already done" to the clicker alone, leaving the result in place.
    await slack.waitFor(() => a.bot.ctx.changing.size === 0, 'the first click to end');
    sb.control.clearCalls();
    await a.click(CONFIRM_ACTION, value, ADMIN, 'one-late');
    await b.click(CONFIRM_ACTION, value, ADMIN2, 'one-late-b');
    await slack.waitFor(() => texts('one-late').length === 1 && texts('one-late-b').length === 1, 'the late answers');
    for (const id of ['one-late', 'one-late-b']) {
      expect(texts(id)[0]).toMatch(/^:information_source: Already done: `\/oss bind one\.abc\.com .*` is in place/);
      expect(slack.responses(id)[0]!.body).toMatchObject({ response_type: 'ephemeral', replace_original: false });
    }
    expect(sb.control.writeCalls()).toEqual([]);
  });

  it('on two replicas: both run, and the cloud still ends with one binding, one CNAME and one TXT record', async () => {
    const value = await planned('two.abc.com', 'two-cmd');
    sb.control.clearCalls();
    await Promise.all([a.click(CONFIRM_ACTION, value, ADMIN, 'two-a'), b.click(CONFIRM_ACTION, value, ADMIN, 'two-b')]);
    await slack.waitFor(() => settled('two-a') && settled('two-b'), 'both answers');
    expect([texts('two-a').at(-1), texts('two-b').at(-1)]).toEqual([
      expect.stringMatching(/^Done/),
      expect.stringMatching(/^Done/),
    ]);
    expect(sb.world.buckets.get('abc-img')!.cnames.has('two.abc.com')).toBe(true);
    expect(records('two').map((r) => `${r.type} ${r.value}`)).toEqual(['CNAME abc-img.oss-cn-hangzhou.aliyuncs.com']);
    expect(records('_dnsauth.two').map((r) => r.type)).toEqual(['TXT']);
  });

  it('in GitOps mode on two replicas: one pull request, both answers link it, one audit post', async () => {
    const FILE =
      'version: 1\nowner: default\ndomains:\n  - domain: img.abc.com\n    bucket: abc-img\n    region: cn-hangzhou\n';
    const gh = await startLocalGitHub({
      owner: 'web-team',
      repo: 'infra',
      token: 'ghp_gitops2',
      files: { 'domains.yml': FILE },
    });
    const env = {
      ...sb.env,
      OSS_DOMAINS_ADMINS: ADMIN,
      OSS_DOMAINS_REPO: 'web-team/infra',
      GITHUB_TOKEN: 'ghp_gitops2',
      GITHUB_API_URL: gh.url,
    } as Record<string, string>;
    const [x, y] = [await startTestBot({ env, slack }), await startTestBot({ env, slack })];
    try {
      await x.command('bind pr.abc.com abc-img', ADMIN, 'pr-cmd');
      await slack.waitFor(() => slack.responses('pr-cmd').length === 1, 'the plan');
      const value = buttonOf(slack.responses('pr-cmd')[0]!.body, CONFIRM_ACTION)!.value;
      const audits = () =>
        slack.api('chat.postMessage').filter((c) => JSON.stringify(c.body).includes('/oss bind pr.abc.com')).length;
      await Promise.all([x.click(CONFIRM_ACTION, value, ADMIN, 'pr-x'), y.click(CONFIRM_ACTION, value, ADMIN, 'pr-y')]);
      const linked = (id: string) => texts(id).some((t) => t.includes(gh.pulls[0]?.html_url ?? '\0'));
      await slack.waitFor(() => linked('pr-x') && linked('pr-y'), 'both answers');
      expect(gh.pulls).toHaveLength(1);
      expect(gh.branches()).toHaveLength(2);
      await slack.waitFor(() => x.bot.ctx.changing.size + y.bot.ctx.changing.size === 0, 'both clicks to end');
      expect(audits()).toBe(1);
      expect(sb.control.writeCalls()).toEqual([]);
    } finally {
      await x.stop();
      await y.stop();
      await gh.close();
    }
  });
});
