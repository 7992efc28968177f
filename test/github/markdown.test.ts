/**
 * Values from the cloud, a file or a user reach GitHub Markdown only through `escapeMarkdown` (issue 10, finding 7):
 * rendered as GitHub renders them, they show as the text they are and inject nothing — no link, image, mention,
 * reference, HTML, hidden marker or broken table row — in every report the Action writes.
 */
import { describe, expect, it } from 'vitest';
import { PLAN_COMMENT_MARKER } from '../../src/action/constants.js';
import {
  applyDoc,
  commentBody,
  driftDoc,
  errorDoc,
  issueBody,
  planDoc,
  summaryMarkdown,
} from '../../src/action/report/index.js';
import { escapeMarkdown } from '../../src/github/markdown.js';
import { applied, conflicting, creating, planOf } from '../action/plans.js';
import { alerts, mentionsAndReferences, renderGfm, tables, visibleText } from '../support/gfm.js';

const HOSTILE = [
  '[x](http://evil.example)',
  '![i](http://evil.example/i.png)',
  '@org/team and @alice',
  '<img src=x onerror=alert(1)>',
  'a | b || c',
  '`code` and ``more``',
  'first line\nsecond line\r\nthird',
  PLAN_COMMENT_MARKER,
  '<!channel> <@U012AB>',
  'www.evil.example http://evil.example/x mail@evil.example',
  '#12 GH-34 other/repo#56',
  '# heading',
  '- item',
  '1. item',
  '**bold** _em_ ~~gone~~ $x^2$',
  '&lt;b&gt; &#64;alice',
  'back\\slash \\| [^1] [ref]',
  '<https://evil.example>',
  'right\u202Eto-left\u0007bell',
];

/** What a reader reads: the visible text without the zero-width spaces that break mentions. */
const read = (html: string): string => visibleText(html).replaceAll('\u200b', '');
/** The value as it is shown: line breaks become `<br>` (read as nothing), unshowable characters U+FFFD. */
const shownAs = (v: string): string =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point
  v.replace(/\r\n|\r|\n/g, '').replace(/[\u0007\u202e]/g, '\uFFFD');

/** Tags a value could smuggle in; ours (tables, lists, alerts, details, line breaks, emphasis) are expected. */
const injectedHtml = (html: string): string[] =>
  [...html.matchAll(/<\/?([a-z][a-z0-9]*)\b[^>]*>/gi)]
    .map((m) => m[1]!.toLowerCase())
    .filter(
      (t) => !/^(p|table|thead|tbody|tr|th|td|ul|ol|li|blockquote|details|summary|br|strong|em|sub|h3|h4)$/.test(t),
    );

describe('escapeMarkdown', () => {
  for (const value of HOSTILE) {
    it(`shows ${JSON.stringify(value)} as it is, in a paragraph, a list, a table cell and an alert`, () => {
      const e = escapeMarkdown(value);
      const md = [
        `Before ${e} after.`,
        `- ${e}`,
        `| a | b |\n|---|---|\n| ${e} | z |`,
        `> [!CAUTION]\n> - **${e}** — ${e}`,
      ].join('\n\n');
      const html = renderGfm(md);
      expect(html).not.toMatch(/<a\b|<img\b|<code\b|<h1\b|<ol\b|<del\b|<!--/);
      expect(injectedHtml(html)).toEqual([]);
      expect(mentionsAndReferences(visibleText(html))).toEqual([]);
      const [table] = tables(html);
      expect(table!.rows).toEqual([[expect.any(String), 'z']]);
      expect(read(table!.rows[0]![0]!)).toBe(shownAs(value));
      expect(read(html)).toContain(`Before ${shownAs(value)} after.`);
      expect(alerts(html)).toEqual(['CAUTION']);
      expect(e).not.toContain('<!--');
    });
  }
});

describe('every report the Action writes escapes what came from the cloud, the file or a user', () => {
  const value = HOSTILE.join(' ');
  const where = () => `domains.yml:1:1 ${value}`;
  const plan = planOf(
    [creating(0, `img.abc.com ${value}`), conflicting('www.abc.com', 1, value)],
    [{ domain: 'img.abc.com', code: 'cert-expiring', message: value }],
  );
  const failed = applied(plan, { domain: 'new0000.abc.com', error: `${value}\n  → ${value}` });
  failed.verifications = [{ domain: 'new0000.abc.com', expected: value, answers: [value], ok: false, error: value }];
  const reports = {
    'plan comment': commentBody(planDoc(plan, where), 'https://x/runs/1'),
    'plan summary': summaryMarkdown(planDoc(plan, where)),
    'drift issue': issueBody(
      driftDoc({ plan, drift: true, orphans: [value] }, where),
      'https://x/runs/1',
      'Last checked.',
    ),
    'apply summary': summaryMarkdown(applyDoc(plan, failed, where)),
    'error (a lock holder’s name)': summaryMarkdown(errorDoc('apply', `the apply lock is held by ${value}`)),
  };
  for (const [name, md] of Object.entries(reports)) {
    it(name, () => {
      const html = renderGfm(md);
      // Ours: the link to the run, and `apply` / `plan-json` as code.
      const theirs = html
        .replace(/<a href="https:\/\/x\/runs\/1">([^<]*)<\/a>/g, '$1')
        .replace(/<code>(apply|plan-json)<\/code>/g, '$1');
      expect(theirs).not.toMatch(/<a\b|<img\b|<code\b|<h1\b|<ol\b|<del\b/);
      expect(injectedHtml(theirs)).toEqual([]);
      expect(mentionsAndReferences(visibleText(html))).toEqual([]);
      for (const t of tables(html)) for (const row of t.rows) expect(row).toHaveLength(t.head.length);
      expect(md.split('<!--').length - 1).toBe(md.startsWith('<!--') ? 1 : 0);
      expect(read(html)).toContain(HOSTILE.map(shownAs).join(' '));
    });
  }
});
