/** The message kit on its own: escaping, code blocks, lists cut with counts, and the limits of every part. */
import { describe, expect, it } from 'vitest';
import { button, confirmDialog, MessageBuilder, plainMessage } from '../../bot/render/kit.js';
import { messageProblems } from '../../bot/render/limits.js';
import { code, link, md, mention, text } from '../../bot/render/mrkdwn.js';
import { slackProblems } from '../support/slack-limits.js';

const sectionText = (m: { blocks?: any[] }, i = 0): string => m.blocks![i].text.text;

describe('mrkdwn', () => {
  it('escapes every value, so that none can become a mention, a link or an entity', () => {
    const hostile = '<!channel> <!here> <@U123> <#C42> <http://evil.example|click> &amp; <!subteam^S1>';
    expect(md`holder: ${hostile}`.text).toBe(
      'holder: &lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;#C42&gt; &lt;http://evil.example|click&gt; &amp;amp; &lt;!subteam^S1&gt;',
    );
    expect(code('a`b\nc').text).toBe('`a′b c`');
    expect(md`${mention('U0ADMIN')} and ${mention('<!channel>')}`.text).toBe('<@U0ADMIN> and &lt;!channel&gt;');
    expect(link('https://x.example/a|b>c', 'opened').text).toBe('<https://x.example/a%7Cb&gt;c|opened>');
    expect(link('javascript:alert(1)', 'x').text).toBe('x (javascript:alert(1))');
    expect(text('bell\u0007 rtl\u202e').text).toBe('bell\\u0007 rtl\\u202e');
  });
});

describe('code blocks', () => {
  it('escapes what Slack would turn into a mention or a link, and keeps its fence closed', () => {
    const m = new MessageBuilder()
      .code('TXT <!channel> & <@U0ADMIN>\n```\nrm -rf\n```\n', { rest: md`more` })
      .build(md`x`);
    expect(sectionText(m)).toBe("```\nTXT &lt;!channel&gt; &amp; &lt;@U0ADMIN&gt;\n'''\nrm -rf\n'''\n```");
  });

  it('stays under Slack’s 3,000 characters for a section, saying how many lines were cut and where the rest is', () => {
    const plan = Array.from({ length: 400 }, (_, i) => `  + CNAME d${i}.abc.com → abc-img`).join('\n');
    const m = new MessageBuilder().code(plan, { rest: md`run ${code('oss-domains drift')}` }).build(md`x`);
    const t = sectionText(m);
    expect(t.length).toBeLessThanOrEqual(3000);
    expect(t).toMatch(/```\n… and \d+ more lines — run `oss-domains drift`$/);
    const shown = t.split('\n').filter((l) => l.includes('CNAME')).length;
    expect(Number(/and (\d+) more lines/.exec(t)![1])).toBe(400 - shown);
  });
});

describe('lists', () => {
  it('show counts of what is left out and where to see it, within the total budget and 50 blocks', () => {
    const items = Array.from({ length: 3000 }, (_, i) => md`• ${code(`orphan-${i}.abc.com`)} (CNAME record)`);
    const m = new MessageBuilder()
      .section(md`*3000* orphans`)
      .list(items, { more: (n) => md`… and ${n} more — run ${code('oss-domains drift')} for the full list` })
      .build(md`x`);
    expect(messageProblems(m)).toEqual([]);
    expect(slackProblems(m)).toEqual([]);
    const all = m.blocks!.map((b: any) => b.text.text).join('\n');
    const shown = (all.match(/orphan-/g) ?? []).length;
    expect(shown).toBeGreaterThan(100);
    expect(all).toContain(`… and ${3000 - shown} more — run \`oss-domains drift\` for the full list`);
  });

  it('count a part that no longer fits in a last line instead of dropping it silently', () => {
    const b = new MessageBuilder();
    for (let i = 0; i < 60; i++) b.section(md`part ${i} ${'x'.repeat(200)}`);
    const m = b.build(md`x`);
    expect(m.blocks!.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(m.blocks!.at(-1))).toMatch(/… \d+ more parts of this answer left out/);
    expect(slackProblems(m)).toEqual([]);
  });
});

describe('buttons and dialogs', () => {
  it('cut the dialog title to 100, its text to 300, and the labels to 30 and 75', () => {
    const d = confirmDialog({
      title: `Unbind ${'a'.repeat(120)}.com?`,
      text: md`${code('b'.repeat(400))} stops serving`,
      confirm: 'c'.repeat(40),
      deny: 'Keep it',
    });
    const el = button({ actionId: 'x', label: 'l'.repeat(90), value: 'v', confirm: d });
    const m = new MessageBuilder().actions('a', [el]).build(md`x`);
    expect(messageProblems(m)).toEqual([]);
    expect(slackProblems(m)).toEqual([]);
    expect(d.title!.text.length).toBe(100);
    expect(d.text.text.length).toBeLessThanOrEqual(300);
    expect(() => button({ actionId: 'x', label: 'l', value: 'v'.repeat(2001) })).toThrow(/2000/);
  });
});

describe('plain text fallback', () => {
  it('keeps the words of every section and context, says the buttons are gone, and fits the text limit', () => {
    const m = new MessageBuilder()
      .section(md`head`)
      .context(md`small print`)
      .actions('a', [button({ actionId: 'x', label: 'Bind', value: 'v' })])
      .build(md`fallback`, { response_type: 'in_channel', replace_original: true });
    const p = plainMessage(m);
    expect(p).toEqual({
      text: 'head\nsmall print\n(Its buttons could not be shown: run the command again.)',
      response_type: 'in_channel',
      replace_original: true,
    });
  });
});
