/**
 * Splits slash-command text into words the way a user expects from a shell, but for text typed into Slack:
 *
 * - whitespace (including the no-break space Slack clients insert) separates words;
 * - `"…"`, `'…'` and the typographic quotes macOS and iOS substitute (`“…”`, `‘…’`, `„…“`) group words, anywhere in
 *   a word (`--region="cn-hangzhou"`);
 * - Slack's markup is unwrapped: `<http://img.abc.com|img.abc.com>` keeps both its target and its label so each
 *   argument can take the part it needs (a domain wants the label, a refresh URL the target); `<mailto:a@b|a@b>`,
 *   `<@U123>`, `<#C123|name>` become plain words that validation then rejects with a clear message;
 * - the three HTML entities Slack escapes (`&amp;`, `&lt;`, `&gt;`) are decoded.
 *
 * Pure: no I/O, no clock.
 */

export interface Token {
  /** The word as typed, markup unwrapped to its label (or target when there is no label). */
  text: string;
  /** For a Slack link: the link target (`http://img.abc.com`), otherwise undefined. */
  link?: string;
  /** True when the word starts with a quote (so `"--cdn"` is a word, not a flag, while `--region="x"` is a flag). */
  quoted: boolean;
}

export type TokenizeResult = { ok: true; tokens: Token[] } | { ok: false; quote: string; at: number };

const CLOSERS: Record<string, string[]> = {
  '"': ['"'],
  "'": ["'"],
  '“': ['”', '“'],
  '”': ['”'],
  '„': ['“', '”'],
  '‘': ['’', '‘'],
  '’': ['’'],
};

const SPACE = /[\s\u00a0\u2000-\u200b\u3000]/;

const decodeEntities = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/** Unwraps one `<…>` markup body into its label and link target. */
function unwrapMarkup(body: string): { text: string; link?: string } {
  const bar = body.indexOf('|');
  const target = bar >= 0 ? body.slice(0, bar) : body;
  const label = bar >= 0 ? body.slice(bar + 1) : undefined;
  if (/^(https?|ftp):\/\//i.test(target))
    return { text: decodeEntities(label ?? target), link: decodeEntities(target) };
  if (/^mailto:/i.test(target)) return { text: decodeEntities(label ?? target.slice(7)) };
  // <@U123>, <#C123|name>, <!here>: keep the sigil so validation can say what it is.
  if (/^[@#!]/.test(target)) return { text: label ? `${target[0]}${label}` : target };
  return { text: decodeEntities(label ?? target) };
}

/** Splits `text` into tokens; an unclosed quote is reported with its position (0-based). */
export function tokenize(text: string): TokenizeResult {
  const tokens: Token[] = [];
  let cur: Token | undefined;
  const start = (): Token => {
    if (!cur) cur = { text: '', quoted: false };
    return cur;
  };
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (SPACE.test(ch)) {
      if (cur) tokens.push(cur);
      cur = undefined;
      i++;
      continue;
    }
    const closers = CLOSERS[ch];
    if (closers) {
      let j = i + 1;
      while (j < text.length && !closers.includes(text[j]!)) j++;
      if (j >= text.length) return { ok: false, quote: ch, at: i };
      const fresh = !cur;
      const t = start();
      t.text += decodeEntities(text.slice(i + 1, j));
      if (fresh) t.quoted = true;
      i = j + 1;
      continue;
    }
    if (ch === '<') {
      const end = text.indexOf('>', i + 1);
      if (end > i) {
        const { text: word, link } = unwrapMarkup(text.slice(i + 1, end));
        const t = start();
        t.text += word;
        if (link) t.link = link;
        i = end + 1;
        continue;
      }
    }
    const t = start();
    // Entities are decoded per character run so that a literal `&lt;` typed by a user stays readable.
    const m = /^&(amp|lt|gt);/.exec(text.slice(i));
    if (m) {
      t.text += decodeEntities(m[0]);
      i += m[0].length;
    } else {
      t.text += ch;
      i++;
    }
  }
  if (cur) tokens.push(cur);
  return { ok: true, tokens };
}
