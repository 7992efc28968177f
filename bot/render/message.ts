/**
 * The shape of everything the bot sends (through `respond`, the response URL, or chat.postMessage), and the small
 * messages shared by every listener: errors and help.
 */
import type { types } from '@slack/bolt';
import { COMMANDS, type CommandName, commandHelp, overviewHelp } from '../commands/help.js';

export type Block = types.KnownBlock;

export interface SlackMessage {
  /** Fallback text for notifications and screen readers; always set. */
  text: string;
  blocks?: Block[];
  /** Response URL only: `ephemeral` (default) is shown to the user alone. */
  response_type?: 'in_channel' | 'ephemeral';
  /** Response URL only: replace the message that holds the pressed button. */
  replace_original?: boolean;
}

export const section = (text: string): Block => ({ type: 'section', text: { type: 'mrkdwn', text } });

/** Slack rejects a section whose text is over 3,000 characters; cut visibly below that. */
export function clip(text: string, max = 2900): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const nl = cut.lastIndexOf('\n');
  return `${nl > max / 2 ? cut.slice(0, nl) : cut}\n… (${text.length - max} more characters not shown)`;
}

/**
 * Text from the core (a plan, an apply result) as a Slack code block, the same words the CLI prints. `&`, `<` and
 * `>` are escaped as Slack requires (so a value can never become a mention or a link), and a fence inside cannot end
 * the block.
 */
export function codeBlock(text: string, max = 2800): string {
  const safe = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/```/g, "'''");
  return `\`\`\`\n${clip(safe.trimEnd(), max)}\n\`\`\``;
}
export const context = (text: string): Block => ({ type: 'context', elements: [{ type: 'mrkdwn', text }] });

/** An error for the person who ran the command: what happened and, when known, the usage to try next. */
export function errorReply(message: string, topic?: CommandName): SlackMessage {
  const blocks: Block[] = [section(`:x: ${message}`)];
  if (topic) blocks.push(context(commandHelp(topic)));
  return {
    response_type: 'ephemeral',
    replace_original: false,
    text: topic ? `${message}\nUsage: ${COMMANDS[topic].usage}` : message,
    blocks,
  };
}

export function helpReply(topic?: CommandName): SlackMessage {
  const text = topic ? commandHelp(topic) : overviewHelp();
  return { response_type: 'ephemeral', text, blocks: [section(text)] };
}
