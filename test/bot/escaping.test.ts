/**
 * Values from the cloud reach Slack as text, never as markup: a lock holder named `<!channel>` does not notify the
 * channel, and a record value holding `<http://evil|click>`, `<@U123>` or `&amp;` shows as those characters, not as a
 * link, a mention or an `&`. The Slack stand-in also fails any test whose messages would notify a whole channel
 * (slack-limits.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFIRM_ACTION } from '../../bot/constants.js';
import { DEFAULT_SEED, type Sandbox, startSandbox } from '../../src/sandbox/index.js';
import { ADMIN, OPERATOR, sandboxRuntime, startTestBot, type TestBot } from '../support/slack-bot.js';
import { type SlackServer, startSlackServer } from '../support/slack-server.js';
import { buttonOf } from '../support/slack-signing.js';

const HOSTILE = '<http://evil.example|click> <@U123> &amp; <#C999|ops>';
const HOLDER = '<!channel> <@U0ADMIN>';

let sb: Sandbox;
let slack: SlackServer;
let bot: TestBot;
const messages = (id: string) => slack.responses(id).map((r) => r.body);

/** Every string a message carries (text, block texts, dialog texts), as Slack would read them. */
const strings = (m: unknown): string[] =>
  typeof m === 'string' ? [m] : m && typeof m === 'object' ? Object.values(m).flatMap(strings) : [];

/** Markup a value must never become. */
function expectNoInjectedMarkup(all: string[]) {
  for (const s of all) {
    expect(s).not.toMatch(/<!channel>|<!here>|<@U123>|<#C999|<http:\/\/evil/);
  }
}

beforeAll(async () => {
  const lock = {
    holder: HOLDER,
    id: 'someone-else',
    acquiredAt: new Date().toISOString(),
    expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
  };
  sb = await startSandbox({
    seed: {
      ...DEFAULT_SEED,
      zones: [{ name: 'abc.com', records: [{ rr: 'evil', type: 'TXT', value: HOSTILE }] }],
      buckets: [
        ...(DEFAULT_SEED.buckets ?? []),
        { name: 'abc-ops', region: 'cn-hangzhou', objects: [{ key: 'locks/apply.json', text: JSON.stringify(lock) }] },
      ],
    },
  });
  slack = await startSlackServer();
  const env = { ...sb.env, OSS_DOMAINS_STATE_BUCKET: 'abc-ops', OSS_DOMAINS_STATE_REGION: 'cn-hangzhou' } as Record<
    string,
    string
  >;
  bot = await startTestBot({
    env,
    slack,
    deps: {
      createRuntime: sandboxRuntime(env, { lockWaitMs: 300 }),
      progress: { minIntervalMs: 0, maxUpdates: 2 },
    },
  });
});

afterAll(async () => {
  await bot?.stop();
  await slack?.close();
  await sb?.stop();
});

describe('values from the cloud in Slack messages', () => {
  it('shows a record value with a link, a mention and an entity as text, in the plan and in status', async () => {
    await bot.command('bind evil.abc.com abc-img', ADMIN, 'plan');
    await bot.command('status evil.abc.com', OPERATOR, 'status');
    await slack.waitFor(() => messages('plan').length === 1 && messages('status').length === 1, 'both answers');
    for (const id of ['plan', 'status']) {
      const all = strings(messages(id));
      expectNoInjectedMarkup(all);
      expect(all.join('\n')).toContain('&lt;http://evil.example|click&gt; &lt;@U123&gt; &amp;amp; &lt;#C999|ops&gt;');
    }
  });

  it('shows a lock holder named <!channel> as text while waiting for the lock and in the error after', async () => {
    await bot.command('bind img.abc.com abc-img', ADMIN, 'lock-cmd');
    await slack.waitFor(() => messages('lock-cmd').length === 1, 'the plan');
    const value = buttonOf(messages('lock-cmd')[0]!, CONFIRM_ACTION)!.value;
    await bot.click(CONFIRM_ACTION, value, ADMIN, 'lock-click');
    await slack.waitFor(() => messages('lock-click').some((m) => /failed/.test(m.text ?? '')), 'the lock error');
    const all = strings(messages('lock-click'));
    expectNoInjectedMarkup(all);
    expect(all.join('\n')).toContain('waiting for the apply lock held by &lt;!channel&gt; &lt;@U0ADMIN&gt;');
    expect(all.join('\n')).toContain('another apply holds the lock: &lt;!channel&gt; &lt;@U0ADMIN&gt;');
    const audit = () => slack.api('chat.postMessage').filter((c) => c.body.channel === 'C0AUDIT');
    await slack.waitFor(() => audit().length === 1, 'the audit post');
    expectNoInjectedMarkup(strings(audit()[0]!.body));
    expect(strings(audit()[0]!.body).join('\n')).toContain('&lt;!channel&gt;');
  });
});
