/**
 * Answers at the size of real accounts stay within Slack's limits, with counts of what they leave out. Every message
 * here is also checked by the Slack stand-in (slack-server.ts), which refuses what Slack would refuse and fails the
 * test: these cases were refused in silence before (a 5,868-character context block, a 5,390-character section, a
 * 19,000-character audit post, a 112-character dialog title), or cut with no word about the rest.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM_ACTION } from '../../bot/constants.js';
import { DEFAULT_SEED, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { ADMIN, OPERATOR, sandboxRuntime, startTestBot, type TestBot, textOf } from '../support/slack-bot.js';
import { type SlackServer, startSlackServer } from '../support/slack-server.js';
import { buttonOf } from '../support/slack-signing.js';

const pad = (i: number) => String(i).padStart(3, '0');
/** 150 domains this tool once managed (owned CNAME records) that no file declares any more. */
const ORPHANS = Array.from({ length: 150 }, (_, i) => `orphaned-${pad(i)}-static-assets.abc.com`);
/** A 112-character domain, bound, with this tool's record pointing at its bucket. */
const LONG = `${'a'.repeat(50)}.${'b'.repeat(53)}.abc.com`;
/** 300 domains bound to one bucket. */
const BIG = Array.from({ length: 300 }, (_, i) => `site-${pad(i)}.big-customer.abc.com`);
const TARGET = 'abc-img.oss-cn-hangzhou.aliyuncs.com';

let sb: Sandbox;
let slack: SlackServer;
let bot: TestBot;
const errors: string[] = [];
const messages = (id: string) => slack.responses(id).map((r) => r.body);
const last = (id: string) => messages(id).at(-1) ?? {};
const auditPosts = () => slack.api('chat.postMessage').filter((c) => c.body.channel === 'C0AUDIT');

beforeAll(async () => {
  expect(LONG).toHaveLength(112);
  const dir = mkdtempSync(join(tmpdir(), 'oss-domains-bot-limits-'));
  const config = join(dir, 'domains.yml');
  writeFileSync(
    config,
    `version: 1\ndomains:\n  - domain: img.abc.com\n    bucket: abc-img\n    region: cn-hangzhou\n  - domain: ${LONG}\n    bucket: abc-img\n    region: cn-hangzhou\n`,
  );
  const owned = { remark: 'oss-domains:default' };
  sb = await startSandbox({
    seed: {
      ...DEFAULT_SEED,
      zones: [
        {
          name: 'abc.com',
          records: [
            ...ORPHANS.map((d) => ({ rr: d.replace('.abc.com', ''), type: 'CNAME', value: TARGET, ...owned })),
            { rr: LONG.replace('.abc.com', ''), type: 'CNAME', value: TARGET, ...owned },
          ],
        },
      ],
      buckets: [
        { name: 'abc-img', region: 'cn-hangzhou', cnames: [{ domain: LONG }] },
        { name: 'abc-big', region: 'cn-hangzhou', cnames: BIG.map((domain) => ({ domain })) },
        { name: 'abc-ops', region: 'cn-hangzhou' },
      ],
      cdn: [{ domain: 'edge.abc.com', origin: TARGET }],
    },
  });
  slack = await startSlackServer();
  const env = {
    ...sb.env,
    OSS_DOMAINS_CONFIG: config,
    OSS_DOMAINS_STATE_BUCKET: 'abc-ops',
    OSS_DOMAINS_STATE_REGION: 'cn-hangzhou',
  } as Record<string, string>;
  const log = { info: () => {}, warn: () => {}, error: (m: string) => errors.push(m) };
  bot = await startTestBot({ env, slack, deps: { createRuntime: sandboxRuntime(env, { maxAttempts: 1 }), log } });
});

afterAll(async () => {
  await bot?.stop();
  await slack?.close();
  await sb?.stop();
});

/** The number in "… and N more" of a message, and how many of `names` it shows. */
function cut(m: Record<string, any>, names: string[]): { shown: number; more: number } {
  const all = textOf(m);
  const more = /… and (\d+) more/.exec(all);
  return { shown: names.filter((n) => all.includes(n)).length, more: more ? Number(more[1]) : 0 };
}

describe('large answers within Slack limits', () => {
  it('/oss drift with 150 orphaned records: the count first, as many as fit, then how many more and where', async () => {
    await bot.command('drift', OPERATOR, 'drift');
    await slack.waitFor(() => messages('drift').length === 1, 'the drift report');
    const m = last('drift');
    expect(m.blocks).toBeDefined(); // the blocks were accepted, not replaced by the plain-text fallback
    const all = textOf(m);
    expect(all).toContain('150 managed by oss-domains but not in');
    expect(all).toMatch(/… and \d+ more — run `oss-domains drift` for the full list/);
    // The plan's warnings name orphans too; the count is the orphan list's own.
    const list = m.blocks.find((b: any) => JSON.stringify(b).includes('managed by oss-domains but not in'));
    const { shown, more } = cut({ blocks: [list] }, ORPHANS);
    expect(shown).toBeGreaterThan(10);
    expect(shown + more).toBe(150);
    expect(errors).toEqual([]);
  });

  it('/oss list of 300 domains: says there are 300, shows what fits, and how many more', async () => {
    await bot.command('list abc-big', OPERATOR, 'list');
    await slack.waitFor(() => messages('list').length === 1, 'the list');
    const m = last('list');
    expect(m.blocks).toBeDefined();
    expect(textOf(m)).toContain('*300 domain(s)* for bucket abc-big');
    const { shown, more } = cut(m, BIG);
    expect(shown).toBeGreaterThan(20);
    expect(shown + more).toBe(300);
    expect(textOf(m)).toContain(`… and ${more} more (problems are listed first) — \`/oss status DOMAIN\``);
  });

  it('a 5,390-character refresh error: the error, cut with a count, to the user and in the audit post', async () => {
    // 160 hosts that are not CDN domains: CDN refuses the call, and the core names every one of them.
    const hosts = Array.from({ length: 160 }, (_, i) => `no-cdn-${pad(i)}-origin-only.abc.com`);
    const posts = auditPosts().length;
    await bot.command(`refresh ${hosts.map((h) => `https://${h}/index.html`).join(' ')}`, OPERATOR, 'refresh-err');
    await slack.waitFor(() => messages('refresh-err').length === 1, 'the error');
    const m = last('refresh-err');
    expect(m.blocks).toBeDefined();
    expect(textOf(m)).toContain(`${hosts[0]}, ${hosts[1]}`);
    expect(textOf(m)).toMatch(/are not CDN domains|more characters\)/);
    expect(textOf(m)).toMatch(/… \(\d+ more characters\)/);
    await slack.waitFor(() => auditPosts().length === posts + 1, 'the audit post');
    const audit = auditPosts().at(-1)!.body;
    expect(audit.blocks).toBeDefined();
    expect(textOf(audit)).toContain('ran `/oss refresh (160 paths)`');
    expect(textOf(audit)).toMatch(/… and \d+ more — the audit log in the state bucket has them all/);
  });

  it('the audit post of a refresh of 500 URLs names the count, lists what fits and how many more', async () => {
    const urls = Array.from({ length: 500 }, (_, i) => `https://edge.abc.com/assets/build-2026/chunk-${pad(i)}.js`);
    const posts = auditPosts().length;
    await bot.command(`refresh ${urls.join(' ')}`, OPERATOR, 'refresh-big');
    await slack.waitFor(() => messages('refresh-big').length === 1, 'the answer');
    expect(last('refresh-big').text).toContain('started a CDN refresh of 500 URL(s)');
    await slack.waitFor(() => auditPosts().length === posts + 1, 'the audit post');
    const audit = auditPosts().at(-1)!.body;
    expect(audit.blocks).toBeDefined();
    expect(textOf(audit)).toContain('ran `/oss refresh (500 paths)`');
    const { shown, more } = cut(audit, urls);
    expect(shown).toBeGreaterThan(10);
    expect(shown + more).toBe(500);
  });

  it('/oss unbind of a 112-character domain: a dialog within its limits that still names the domain', async () => {
    await bot.command(`unbind ${LONG}`, ADMIN, 'unbind-long');
    await slack.waitFor(() => messages('unbind-long').length === 1, 'the plan');
    const confirm = buttonOf(last('unbind-long'), CONFIRM_ACTION)!;
    expect(confirm).toBeDefined();
    const title: string = confirm.confirm.title.text;
    expect(title.length).toBeLessThanOrEqual(100);
    expect(title).toMatch(/^Unbind a{30,}…b+\.abc\.com\?$/);
    expect(confirm.confirm.text.text.length).toBeLessThanOrEqual(300);
    expect(textOf(last('unbind-long'))).toContain(LONG); // the plan itself shows it whole
  });
});

describe('a message Slack refuses', () => {
  it('is sent again as plain text on the response URL, and logged as an error', async () => {
    errors.length = 0;
    slack.refuseNext('refused');
    await bot.command('status img.abc.com', OPERATOR, 'refused');
    await slack.waitFor(() => messages('refused').length === 2, 'the plain-text answer');
    const [first, again] = messages('refused');
    expect(first!.blocks).toBeDefined();
    expect(again!.blocks).toBeUndefined();
    expect(again!.text).toContain('img.abc.com');
    expect(errors).toEqual([
      expect.stringMatching(/Slack refused a message to \/oss status \(.*400.*\); sending it again as plain text/),
    ]);
  });

  it('is posted again as plain text to the audit channel, and logged as an error', async () => {
    errors.length = 0;
    slack.refuseNext('api:chat.postMessage', 'msg_blocks_too_long');
    const posts = auditPosts().length;
    await bot.command('refresh https://edge.abc.com/logo.png', OPERATOR, 'refused-post');
    await slack.waitFor(() => auditPosts().length === posts + 2, 'the plain-text audit post');
    const [first, again] = auditPosts()
      .slice(-2)
      .map((c) => c.body);
    expect(first!.blocks).toBeDefined();
    expect(again!.blocks).toBeUndefined();
    expect(again!.text).toContain('/oss refresh https://edge.abc.com/logo.png');
    expect(errors).toEqual([
      'slack: Slack refused a message to channel C0AUDIT (msg_blocks_too_long); sending it again as plain text',
    ]);
  });
});
