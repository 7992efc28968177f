/**
 * The one place Slack messages are built. Every block goes through `MessageBuilder`, which knows Slack's limits
 * (limits.ts) and cuts visibly, with counts, instead of letting Slack refuse the whole message: a section or context
 * text is clipped at a line where it can be ("… and 12 more lines"), a list shows as many items as fit and then says
 * how many are left and where to see them ("… and 129 more — run `oss-domains drift` for the full list"), and once the
 * message's total budget or its 50 blocks are spent, what is left out is counted in a last line.
 *
 * Callers put the counts first (a headline), then the lists: what is cut is always the tail.
 */
import type { types } from '@slack/bolt';
import { type Block, BUDGET, LIMITS } from './limits.js';
import { escapeMrkdwn, Mrkdwn, md, shorten } from './mrkdwn.js';

export type { Block } from './limits.js';

declare const built: unique symbol;

/** A message ready to send: made by `MessageBuilder.build` (or `plainMessage`), so within Slack's limits. */
export interface SlackMessage {
  /** Fallback text for notifications and screen readers (mrkdwn, escaped); always set. */
  readonly text: string;
  readonly blocks?: Block[];
  /** Response URL only: `ephemeral` (default) is shown to the user alone. */
  readonly response_type?: 'in_channel' | 'ephemeral';
  /** Response URL only: replace the message that holds the pressed button. */
  readonly replace_original?: boolean;
  readonly [built]: true;
}

export interface MessageOptions {
  response_type?: 'in_channel' | 'ephemeral';
  replace_original?: boolean;
}

/** Room kept for the last line that counts what was left out. */
const NOTE_ROOM = 160;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/**
 * Clips mrkdwn to `max` characters: at a line break when one is in the second half (saying how many lines were cut),
 * else inside the line (saying how many characters), never inside `<…>` markup, an `&…;` entity or an inline code span.
 */
export function clipMrkdwn(t: Mrkdwn, max: number): Mrkdwn {
  const s = t.text;
  if (s.length <= max) return t;
  const room = Math.max(0, max - 32);
  const nl = s.lastIndexOf('\n', room);
  if (nl > room / 2) {
    const lines = s.slice(nl + 1).split('\n').length;
    return Mrkdwn.trusted(`${s.slice(0, nl)}\n… and ${plural(lines, 'more line')}`);
  }
  let cut = room;
  const open = s.lastIndexOf('<', cut);
  if (open > s.lastIndexOf('>', cut - 1)) cut = open;
  const amp = s.lastIndexOf('&', cut);
  if (amp >= 0 && amp > s.lastIndexOf(';', cut - 1) && cut - amp < 8) cut = amp;
  if ((s.slice(0, cut).match(/`/g) ?? []).length % 2 === 1) cut = s.lastIndexOf('`', cut - 1);
  return Mrkdwn.trusted(`${s.slice(0, cut)}… (${s.length - cut} more characters)`);
}

/** A plain-text label cut to `max` characters. */
const label = (s: string, max: number): types.PlainTextElement => ({
  type: 'plain_text',
  text: shorten(s, max),
});

/** Slack's confirmation dialog, each part cut to its limit. */
export function confirmDialog(o: {
  title: string;
  text: Mrkdwn;
  confirm: string;
  deny: string;
  style?: 'danger' | 'primary';
}): types.ConfirmationDialog {
  return {
    title: label(o.title, LIMITS.confirmTitle),
    text: { type: 'mrkdwn', text: clipMrkdwn(o.text, LIMITS.confirmText).text },
    confirm: label(o.confirm, LIMITS.confirmButton),
    deny: label(o.deny, LIMITS.confirmButton),
    ...(o.style ? { style: o.style } : {}),
  };
}

/** A button. Its value is the app's own (an authenticated request) and must fit: a longer one is a bug, so it throws. */
export function button(o: {
  actionId: string;
  label: string;
  value: string;
  style?: 'primary' | 'danger';
  confirm?: types.ConfirmationDialog;
}): types.Button {
  if (o.value.length > LIMITS.buttonValue)
    throw new Error(`button value of ${o.value.length} characters exceeds Slack's ${LIMITS.buttonValue}`);
  return {
    type: 'button',
    action_id: o.actionId,
    text: label(o.label, LIMITS.buttonText),
    value: o.value,
    ...(o.style ? { style: o.style } : {}),
    ...(o.confirm ? { confirm: o.confirm } : {}),
  };
}

export interface ListOptions {
  /** The line after the items shown when some are left out: how many, and where to see them all. */
  more: (left: number) => Mrkdwn;
  /** At most this many characters for the whole list (default: whatever the message has left). */
  max?: number;
  /** Context blocks (small grey text) instead of sections. */
  context?: boolean;
}

/** Builds one message within Slack's limits; see the module comment. */
export class MessageBuilder {
  private readonly blocks: Block[] = [];
  private used = 0;
  /** Parts left out because the message was full. */
  private dropped = 0;

  constructor(private readonly budget: number = BUDGET.blocksTotal) {}

  /** Characters still free for block text, and whether one more block fits. */
  private room(): number {
    if (this.blocks.length >= LIMITS.blocks - 1) return 0;
    return Math.max(0, this.budget - this.used - NOTE_ROOM);
  }

  private push(b: Block, chars: number): this {
    this.blocks.push(b);
    this.used += chars;
    return this;
  }

  /** A section of text, clipped to its limit and to what the message has left. */
  section(t: Mrkdwn, max: number = LIMITS.sectionText): this {
    const room = Math.min(max, LIMITS.sectionText, this.room());
    if (room < 80) return this.skip();
    const c = clipMrkdwn(t, room);
    return this.push({ type: 'section', text: { type: 'mrkdwn', text: c.text } }, c.length);
  }

  /** A context block (one element), clipped like a section. */
  context(t: Mrkdwn, max: number = LIMITS.contextText): this {
    const room = Math.min(max, LIMITS.contextText, this.room());
    if (room < 80) return this.skip();
    const c = clipMrkdwn(t, room);
    return this.push({ type: 'context', elements: [{ type: 'mrkdwn', text: c.text }] }, c.length);
  }

  /**
   * Text from the core (a plan, an apply result: the words the CLI prints) as a code block, escaped, whole lines
   * while they fit, then `… and N more lines — <rest>` below the block.
   */
  code(plain: string, o: { rest: Mrkdwn; max?: number }): this {
    const room = Math.min(o.max ?? LIMITS.sectionText, LIMITS.sectionText, this.room());
    const lines = plain
      .trimEnd()
      .split('\n')
      .map((l) => escapeMrkdwn(l).replace(/```/g, "'''"));
    const tail = (left: number) => (left ? `\n… and ${plural(left, 'more line')} — ${o.rest.text}` : '');
    const fixed = 8 + tail(lines.length).length;
    if (room < fixed + 40) return this.skip();
    const kept: string[] = [];
    let size = 0;
    for (const l of lines) {
      if (size + l.length + 1 > room - fixed) {
        // A first line longer than the room is cut rather than lost.
        if (!kept.length) kept.push(clipMrkdwn(Mrkdwn.trusted(l), room - fixed).text);
        break;
      }
      kept.push(l);
      size += l.length + 1;
    }
    const text = `\`\`\`\n${kept.join('\n')}\n\`\`\`${tail(lines.length - kept.length)}`;
    return this.push({ type: 'section', text: { type: 'mrkdwn', text } }, text.length);
  }

  /**
   * Items, one per line, packed into as few blocks as hold them; when they do not all fit in `max` (or what is left
   * of the message), as many as fit and then `o.more(left)`.
   */
  list(items: readonly Mrkdwn[], o: ListOptions): this {
    const per = o.context ? LIMITS.contextText : LIMITS.sectionText;
    const moreLen = o.more(items.length).length + 1;
    let budget = Math.min(o.max ?? Number.POSITIVE_INFINITY, this.room());
    const chunks: string[][] = [[]];
    let size = 0;
    let shown = 0;
    for (const item of items) {
      const line = clipMrkdwn(item, per - moreLen - 1).text;
      const rest = shown + 1 < items.length ? moreLen : 0;
      if (line.length + 1 + rest > budget) break;
      if (size + line.length + 1 + rest > per) {
        if (this.blocks.length + chunks.length >= LIMITS.blocks - 1) break;
        chunks.push([]);
        size = 0;
      }
      chunks[chunks.length - 1]!.push(line);
      size += line.length + 1;
      budget -= line.length + 1;
      shown++;
    }
    if (shown < items.length) {
      if (budget < moreLen) return this.skip();
      chunks[chunks.length - 1]!.push(o.more(items.length - shown).text);
    }
    for (const c of chunks) {
      const text = c.join('\n');
      if (!text) continue;
      this.push(
        o.context
          ? { type: 'context', elements: [{ type: 'mrkdwn', text }] }
          : { type: 'section', text: { type: 'mrkdwn', text } },
        text.length,
      );
    }
    return this;
  }

  /** An actions block (buttons made with `button`). */
  actions(blockId: string, elements: types.Button[]): this {
    if (this.blocks.length >= LIMITS.blocks - 1) return this.skip();
    const chars = elements.reduce((n, e) => n + e.text.text.length, 0);
    return this.push(
      { type: 'actions', block_id: blockId, elements: elements.slice(0, LIMITS.actionsElements) },
      chars,
    );
  }

  private skip(): this {
    this.dropped++;
    return this;
  }

  /** The message: these blocks, `text` as the fallback (clipped), and a last line counting anything left out. */
  build(text: Mrkdwn, o: MessageOptions = {}): SlackMessage {
    const blocks = [...this.blocks];
    if (this.dropped)
      blocks.push({
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: md`… ${plural(this.dropped, 'more part')} of this answer left out: Slack limits the size of a message.`
              .text,
          },
        ],
      });
    return {
      text: clipMrkdwn(text, BUDGET.fallbackText).text,
      ...(blocks.length ? { blocks } : {}),
      ...o,
    } as SlackMessage;
  }
}

/** A message of one section (and `text` the same words). */
export const simpleMessage = (t: Mrkdwn, o: MessageOptions = {}): SlackMessage =>
  new MessageBuilder().section(t).build(t, o);

/**
 * The same message as plain text only, for when Slack refused its blocks: every section and context line, clipped to
 * the `text` limit. Buttons cannot come along; the text says so.
 */
export function plainMessage(m: SlackMessage): SlackMessage {
  const parts: string[] = [];
  let buttons = false;
  for (const b of m.blocks ?? []) {
    if (b.type === 'section' && b.text) parts.push(b.text.text);
    else if (b.type === 'header') parts.push(b.text.text);
    else if (b.type === 'actions') buttons = true;
    else if (b.type === 'context') {
      for (const e of b.elements) if ('text' in e && typeof e.text === 'string') parts.push(e.text);
    }
  }
  if (!parts.length) parts.push(m.text);
  if (buttons) parts.push('(Its buttons could not be shown: run the command again.)');
  const text = clipMrkdwn(Mrkdwn.trusted(parts.join('\n')), LIMITS.messageText - 100).text;
  const { response_type, replace_original } = m;
  return {
    text,
    ...(response_type ? { response_type } : {}),
    ...(replace_original !== undefined ? { replace_original } : {}),
  } as SlackMessage;
}
