/**
 * The small messages shared by every listener: errors, help and "already done". Like every message, they are built
 * with the kit (kit.ts), from mrkdwn whose values are escaped (mrkdwn.ts).
 */
import { COMMANDS, type CommandName, commandHelp, overviewHelp } from '../commands/help.js';
import { MessageBuilder, type MessageOptions, type SlackMessage, simpleMessage } from './kit.js';
import { type Mrkdwn, md, text } from './mrkdwn.js';

export type { SlackMessage } from './kit.js';

/**
 * An error for the person who ran the command (shown to them alone): what happened and, when known, the usage to try
 * next. `message` is mrkdwn: `slackMessage(e)` of an error, or words written with `md`. `o` places it elsewhere (the
 * failure of a confirmed change replaces the plan, in the channel).
 */
export function errorReply(
  message: Mrkdwn,
  topic?: CommandName,
  o: MessageOptions = { response_type: 'ephemeral', replace_original: false },
): SlackMessage {
  const b = new MessageBuilder().section(md`:x: ${message}`);
  if (topic) b.context(text(commandHelp(topic)));
  const fallback = topic ? md`${message}\nUsage: ${COMMANDS[topic].usage}` : message;
  return b.build(fallback, o);
}

/** The help of one command, or the overview. */
export function helpReply(topic?: CommandName): SlackMessage {
  return simpleMessage(text(topic ? commandHelp(topic) : overviewHelp()), { response_type: 'ephemeral' });
}

/**
 * The answer to a click on a button whose work is over (the change ran, or the plan was cancelled): to the clicker
 * alone, leaving the message that shows what happened as it is.
 */
export function alreadyDoneReply(what: Mrkdwn): SlackMessage {
  return simpleMessage(md`:information_source: Already done: ${what} This click changed nothing.`, {
    response_type: 'ephemeral',
    replace_original: false,
  });
}
