/**
 * GitHub-flavoured Markdown for what oss-domains writes on GitHub: the plan comment, the job summary, the drift issue
 * (the Action) and the body of the bot's GitOps pull requests. Everything that comes from the cloud, a file or a user
 * reaches Markdown only through `escapeMarkdown`; the builders below take Markdown that is already safe.
 */

/**
 * Characters that are never shown as they are: C0/C1 controls (except tab and line breaks, handled below) and the
 * Unicode direction overrides and isolates, which can make a value read as something else ("Trojan Source").
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const UNSHOWABLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** Inline syntax a backslash disarms (CommonMark lets any ASCII punctuation be escaped so). */
const INLINE_SYNTAX = /[\\`*_~[\]|$]/g;

/** A zero-width space, written as a character reference so the source shows it is there on purpose. */
const ZWSP = '&#8203;';

/**
 * The text of `value` as inline GitHub Markdown that shows exactly that text and nothing else, anywhere inline: in a
 * paragraph, a list item, an alert or a table cell. What it defuses:
 * - links and images (`[x](…)`, `![i](…)`), footnotes, emphasis, strikethrough, code spans, math (`$…$`): backslashes;
 * - raw HTML and HTML comments (so a value can never carry our hidden markers), entities: `&`, `<`, `>` as entities;
 * - GFM autolinks of bare URLs, `www.` names and e-mail addresses: the `:` after the scheme and the `.` after `www`
 *   are escaped, and a zero-width space follows every `@`;
 * - `@user` and `@org/team` mentions and `#123`, `GH-123` and `owner/repo#123` references, which GitHub resolves
 *   after Markdown and which a backslash does not stop (github/markup#1168): a zero-width space breaks them;
 * - `|`, which would split a table row; line breaks, which would end the row or start a block, become `<br>`;
 * - a leading `#`, `+`, `-` or `1.`, which would start a heading or a list where the value begins a line.
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(UNSHOWABLE, '\uFFFD')
    .replace(INLINE_SYNTAX, '\\$&')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\b(https?|ftp|mailto|xmpp)(?=:)/gi, '$1\\')
    .replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`)
    .replace(/@|#(?=\d)|\bGH-(?=\d)/gi, (m) => `${m}${ZWSP}`)
    .replace(/\t/g, ' ')
    .replace(/\r\n|\r|\n/g, '<br>')
    .replace(/^(\s*)([#+-]|\d+(?=[.)]))/, (_, space: string, mark: string) =>
      /\d/.test(mark) ? `${space}${mark}\\` : `${space}\\${mark}`,
    );
}

/** A GFM table. `head` and `rows` are Markdown already (cells built with `escapeMarkdown`). */
export function table(head: string[], rows: string[][]): string {
  return [tableHead(head), ...rows.map(tableRow)].join('\n');
}

export const tableHead = (head: string[]): string => `| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|`;

export const tableRow = (cells: string[]): string => `| ${cells.join(' | ')} |`;

/**
 * A GitHub alert (`> [!CAUTION]`, …): a blockquote whose first line names the kind; GitHub draws it as a coloured
 * box. `lines` are Markdown, one source line each.
 */
export function alert(kind: 'NOTE' | 'TIP' | 'IMPORTANT' | 'WARNING' | 'CAUTION', lines: string[]): string {
  return [`> [!${kind}]`, ...lines.map((l) => (l ? `> ${l}` : '>'))].join('\n');
}

/**
 * Content folded under a one-line summary, inline (it may stand in a table cell: no blank line inside). The summary
 * is our own words, never a value: it is HTML, where Markdown escapes do not apply.
 */
export const foldInline = (summary: string, lines: string[]): string =>
  `<details><summary>${summary}</summary>${lines.join('<br>')}</details>`;

/** Content folded under a summary, as a block (the content is Markdown: blank lines around it). */
export const foldBlock = (summary: string, markdown: string): string =>
  `<details><summary>${summary}</summary>\n\n${markdown}\n\n</details>`;

/** `1 domain`, `2 domains`. */
export const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;
