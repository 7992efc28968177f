/**
 * Slack mrkdwn that is safe to send. Slack reads `<…>` in message text as markup — `<!channel>` and `<!here>` notify a
 * whole channel, `<@U…>` a person, `<#C…>` links a channel, `<http://…|label>` shows a link under any label — and
 * `&` starts an entity. Slack's "Formatting text for app surfaces" guide asks apps to escape exactly `&`, `<` and `>`
 * as `&amp;`, `&lt;` and `&gt;` in anything they did not mean as markup.
 *
 * So every piece of message text the bot sends is a `Mrkdwn` value, and there are only two ways to make one: the
 * `md` template tag, whose literal parts are the bot's own words and whose interpolated strings (a holder name, a
 * record value, an error message, anything from the cloud, a file or a user) are escaped; and the helpers below,
 * which emit the few pieces of markup the bot means (a mention of a known user id, a date, a link). The block
 * builders (kit.ts) take `Mrkdwn` only, so an unescaped string cannot reach Slack without a type error.
 */

/** Message text in Slack mrkdwn, every value in it escaped. Build it with `md` or the helpers of this module. */
export class Mrkdwn {
  private constructor(readonly text: string) {}
  /** Only this module vouches for text; outside it, `md` is the way in. */
  static trusted(text: string): Mrkdwn {
    return new Mrkdwn(text);
  }
  get length(): number {
    return this.text.length;
  }
  toString(): string {
    return this.text;
  }
  /** The same words for a log line or a terminal: entities decoded. */
  plain(): string {
    return this.text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  }
}

/** What `md` accepts between its literal parts: a value (escaped) or mrkdwn made here (kept). */
export type MdValue = string | number | Mrkdwn;

/** Control characters other than newline and tab, which a terminal or a client could act on. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Escapes a value for mrkdwn: `&`, `<`, `>` as entities, control and bidi-override characters made visible. */
export function escapeMrkdwn(value: string): string {
  return value
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A value as mrkdwn text: escaped, shown as it is. */
export const text = (value: string): Mrkdwn => Mrkdwn.trusted(escapeMrkdwn(value));

const piece = (v: MdValue): string => (v instanceof Mrkdwn ? v.text : escapeMrkdwn(String(v)));

/**
 * The tag every message is written with: md`${mention(user)} ran ${code(cmd)}: ${error}` keeps the mention and the
 * code span, and escapes `error`.
 */
export function md(strings: TemplateStringsArray, ...values: MdValue[]): Mrkdwn {
  let out = strings[0] ?? '';
  values.forEach((v, i) => {
    out += piece(v) + (strings[i + 1] ?? '');
  });
  return Mrkdwn.trusted(out);
}

/**
 * A value as inline code. A backtick inside would end the span early, so it becomes a prime (′); a line break would
 * too, so it becomes a space.
 */
export const code = (value: string): Mrkdwn =>
  Mrkdwn.trusted(`\`${escapeMrkdwn(value.replace(/`/g, '′').replace(/[\r\n]+/g, ' '))}\``);

/** Bold. */
export const bold = (v: MdValue): Mrkdwn => Mrkdwn.trusted(`*${piece(v)}*`);

/** Italic. */
export const italic = (v: MdValue): Mrkdwn => Mrkdwn.trusted(`_${piece(v)}_`);

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/** Mentions a user by id (as Slack gave it to us). Anything that is not a user id is shown as text, never as markup. */
export const mention = (id: string): Mrkdwn => (USER_ID.test(id) ? Mrkdwn.trusted(`<@${id}>`) : text(id));

/** Links a channel by id; anything else is shown as text. */
export const channelLink = (id: string): Mrkdwn => (CHANNEL_ID.test(id) ? Mrkdwn.trusted(`<#${id}>`) : text(id));

/**
 * A link. Only http(s) URLs become links; `|` and `>` cannot end the URL part early because the URL is escaped and
 * `|` percent-encoded. Anything else is shown as text.
 */
export function link(url: string, label: MdValue): Mrkdwn {
  if (!/^https?:\/\/[^\s]+$/i.test(url)) return md`${label} (${url})`;
  return Mrkdwn.trusted(`<${escapeMrkdwn(url).replace(/\|/g, '%7C')}|${piece(label)}>`);
}

/**
 * A time each reader sees in their own time zone (Slack's `<!date^…>`), with `fallback` for clients that cannot show
 * it. `format` is one of Slack's date tokens, e.g. `{date_short_pretty} {time}`.
 */
export const slackDate = (ms: number, format: string, fallback: string): Mrkdwn =>
  Mrkdwn.trusted(`<!date^${Math.floor(ms / 1000)}^${format}|${escapeMrkdwn(fallback)}>`);

/** Joins mrkdwn pieces with a literal separator written by the bot. */
export const join = (parts: readonly Mrkdwn[], sep: string): Mrkdwn =>
  Mrkdwn.trusted(parts.map((p) => p.text).join(sep));

/** Shortens a plain value to `max` characters by cutting out its middle (`aaaa…bbbb`), so both ends stay readable. */
export function shorten(value: string, max: number): string {
  if (value.length <= max) return value;
  const keep = Math.max(1, max - 1);
  const head = Math.ceil(keep / 2);
  return `${value.slice(0, head)}…${value.slice(value.length - (keep - head))}`;
}
