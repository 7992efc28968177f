/**
 * What Slack accepts in a message, in one place. Slack refuses a message that breaks a Block Kit limit as a whole
 * (`invalid_blocks` from the Web API, HTTP 400 from a response URL), so the person who asked sees nothing: every
 * message the bot builds (kit.ts) stays within these, and the sender (deliver.ts) checks each one again before it
 * leaves.
 *
 * Sources: Slack's Block Kit reference (section, context, header and actions blocks; button element; confirmation
 * dialog object), the "Truncating really long messages" changelog (2018-04) for the `text` field, and the
 * `msg_blocks_too_long` reports in slackapi/bolt-js #2509 and #2867 for the undocumented total of a message's blocks.
 */
import type { types } from '@slack/bolt';

export const LIMITS = {
  /** Blocks in one message. */
  blocks: 50,
  /** `text` of a section block. */
  sectionText: 3000,
  /** Elements of a context block. */
  contextElements: 10,
  /** Each text element of a context block. */
  contextText: 3000,
  /** `text` of a header block (plain text). */
  headerText: 150,
  /** Elements of an actions block. */
  actionsElements: 25,
  /** A button's label. */
  buttonText: 75,
  /** A button's `value`, which Slack hands back on click. */
  buttonValue: 2000,
  /** A confirmation dialog's title. */
  confirmTitle: 100,
  /** A confirmation dialog's text. */
  confirmText: 300,
  /** A confirmation dialog's confirm and deny labels. */
  confirmButton: 30,
  /** `block_id` and `action_id`. */
  id: 255,
  /**
   * A message's top-level `text`: Slack truncates it at 40,000 characters and may split a message longer than 4,000
   * into several, so the bot keeps it under 4,000.
   */
  messageText: 4000,
  /**
   * All the text in a message's blocks together: chat.postMessage answers `msg_blocks_too_long` somewhere near 12,000
   * characters (undocumented; reports put it between 9,600 and 11,300 with block overhead).
   */
  blocksTotal: 12000,
} as const;

/**
 * What the bot allows itself, below Slack's limits: the total of a message's block text (comfortably under the
 * undocumented total above), and the fallback `text` (shown in notifications, so a short summary is enough).
 */
export const BUDGET = { blocksTotal: 8000, fallbackText: 3000 } as const;

export type Block = types.KnownBlock;

type TextObject = { type: string; text: string } | undefined;

/** Every problem of a message against the limits above, each as "where: what" (empty when it is fine). */
export function messageProblems(m: { text?: string; blocks?: readonly Block[] }): string[] {
  const out: string[] = [];
  const over = (where: string, value: string | undefined, max: number) => {
    if (value !== undefined && value.length > max) out.push(`${where}: ${value.length} characters, over ${max}`);
  };
  over('text', m.text, LIMITS.messageText);
  const blocks = m.blocks ?? [];
  if (blocks.length > LIMITS.blocks) out.push(`blocks: ${blocks.length}, over ${LIMITS.blocks}`);
  let total = 0;
  const count = (t: TextObject) => {
    total += t?.text.length ?? 0;
  };
  blocks.forEach((b, i) => {
    const at = `blocks[${i}]`;
    over(`${at}.block_id`, b.block_id, LIMITS.id);
    if (b.type === 'section') {
      over(`${at}.text`, b.text?.text, LIMITS.sectionText);
      count(b.text);
    } else if (b.type === 'header') {
      over(`${at}.text`, b.text.text, LIMITS.headerText);
      count(b.text);
    } else if (b.type === 'context') {
      if (b.elements.length > LIMITS.contextElements)
        out.push(`${at}.elements: ${b.elements.length}, over ${LIMITS.contextElements}`);
      b.elements.forEach((e, j) => {
        const t = 'text' in e && typeof e.text === 'string' ? (e as { type: string; text: string }) : undefined;
        over(`${at}.elements[${j}].text`, t?.text, LIMITS.contextText);
        count(t);
      });
    } else if (b.type === 'actions') {
      if (b.elements.length > LIMITS.actionsElements)
        out.push(`${at}.elements: ${b.elements.length}, over ${LIMITS.actionsElements}`);
      b.elements.forEach((e, j) => {
        if (e.type !== 'button') return;
        const el = `${at}.elements[${j}]`;
        over(`${el}.text`, e.text.text, LIMITS.buttonText);
        over(`${el}.value`, e.value, LIMITS.buttonValue);
        over(`${el}.action_id`, e.action_id, LIMITS.id);
        count(e.text);
        if (!e.confirm) return;
        over(`${el}.confirm.title`, e.confirm.title?.text, LIMITS.confirmTitle);
        over(`${el}.confirm.text`, e.confirm.text?.text, LIMITS.confirmText);
        over(`${el}.confirm.confirm`, e.confirm.confirm?.text, LIMITS.confirmButton);
        over(`${el}.confirm.deny`, e.confirm.deny?.text, LIMITS.confirmButton);
      });
    }
  });
  if (total > LIMITS.blocksTotal) out.push(`blocks: ${total} characters of text in all, over ${LIMITS.blocksTotal}`);
  return out;
}
