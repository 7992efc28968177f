/**
 * What Slack would refuse (or mangle) in a message, checked the way Slack checks it — written here from Slack's Block
 * Kit reference, apart from the bot's own checks (bot/render/limits.ts), so that a mistake in those cannot hide
 * itself. The local Slack stand-in (slack-server.ts) runs it on every message the bot sends, and answers a refused
 * one as Slack does.
 */

export interface Problem {
  /** Where in the message: `blocks[2].elements[0].text`. */
  at: string;
  what: string;
  /** The error Slack answers with, when it refuses the message (broadcast mentions it would send, and ping). */
  refusal?: 'invalid_blocks' | 'msg_too_long' | 'msg_blocks_too_long';
}

/** Limits of the Block Kit reference (section, context, header, actions; button; confirmation dialog). */
const MAX = {
  blocks: 50,
  section: 3000,
  fields: 10,
  field: 2000,
  contextElements: 10,
  context: 3000,
  header: 150,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
  id: 255,
} as const;

/** Slack truncates `text` at 40,000 characters and may split a message of more than 4,000 into several. */
const TEXT_SPLIT = 4000;
const TEXT_TRUNCATED = 40_000;
/** chat.postMessage refuses blocks whose text adds up to somewhere near 11,000–13,000 characters (undocumented). */
const BLOCKS_TOTAL = 10_000;

/** `<!channel>`, `<!here>`, `<!everyone>` and user-group mentions notify many people: the bot never means to send one. */
const BROADCAST = /<!(channel|here|everyone|subteam\^[^>]*)(\|[^>]*)?>/;

export function slackProblems(m: Record<string, any>): Problem[] {
  const out: Problem[] = [];
  let total = 0;
  const len = (at: string, s: unknown, max: number, refusal: Problem['refusal'] = 'invalid_blocks') => {
    if (typeof s !== 'string') return;
    if (s.length > max) out.push({ at, what: `${s.length} characters, over ${max}`, refusal });
    if (BROADCAST.test(s)) out.push({ at, what: `notifies a whole channel: ${BROADCAST.exec(s)![0]}` });
  };
  const textObj = (at: string, t: any, max: number) => {
    if (!t) return;
    total += typeof t.text === 'string' ? t.text.length : 0;
    len(`${at}.text`, t.text, max);
  };
  if (typeof m.text === 'string') {
    if (m.text.length > TEXT_TRUNCATED)
      out.push({ at: 'text', what: `${m.text.length} characters, over ${TEXT_TRUNCATED}`, refusal: 'msg_too_long' });
    else len('text', m.text, TEXT_SPLIT, undefined);
  }
  const blocks: any[] = Array.isArray(m.blocks) ? m.blocks : [];
  if (blocks.length > MAX.blocks)
    out.push({ at: 'blocks', what: `${blocks.length} blocks, over ${MAX.blocks}`, refusal: 'invalid_blocks' });
  blocks.forEach((b, i) => {
    const at = `blocks[${i}]`;
    len(`${at}.block_id`, b.block_id, MAX.id);
    const elements: any[] = Array.isArray(b.elements) ? b.elements : [];
    switch (b.type) {
      case 'section':
        textObj(at, b.text, MAX.section);
        if ((b.fields ?? []).length > MAX.fields)
          out.push({ at: `${at}.fields`, what: `${b.fields.length}, over ${MAX.fields}`, refusal: 'invalid_blocks' });
        (b.fields ?? []).forEach((f: any, j: number) => {
          textObj(`${at}.fields[${j}]`, f, MAX.field);
        });
        break;
      case 'header':
        textObj(at, b.text, MAX.header);
        break;
      case 'context':
        if (elements.length > MAX.contextElements)
          out.push({ at: `${at}.elements`, what: `${elements.length} elements`, refusal: 'invalid_blocks' });
        elements.forEach((e, j) => {
          textObj(`${at}.elements[${j}]`, e, MAX.context);
        });
        break;
      case 'actions':
        if (elements.length > MAX.actionsElements)
          out.push({ at: `${at}.elements`, what: `${elements.length} elements`, refusal: 'invalid_blocks' });
        elements.forEach((e, j) => {
          const el = `${at}.elements[${j}]`;
          textObj(el, e.text, MAX.buttonText);
          len(`${el}.value`, e.value, MAX.buttonValue);
          len(`${el}.url`, e.url, MAX.buttonUrl);
          len(`${el}.action_id`, e.action_id, MAX.id);
          if (!e.confirm) return;
          textObj(`${el}.confirm.title`, e.confirm.title, MAX.confirmTitle);
          textObj(`${el}.confirm.text`, e.confirm.text, MAX.confirmText);
          textObj(`${el}.confirm.confirm`, e.confirm.confirm, MAX.confirmButton);
          textObj(`${el}.confirm.deny`, e.confirm.deny, MAX.confirmButton);
        });
        break;
      default:
        break;
    }
  });
  if (total > BLOCKS_TOTAL)
    out.push({ at: 'blocks', what: `${total} characters of text in all`, refusal: 'msg_blocks_too_long' });
  return out;
}
