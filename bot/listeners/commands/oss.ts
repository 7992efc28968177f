/**
 * `/oss …`: parse and check who and where (pure, microseconds), ack within Slack's 3 seconds, then do the work and
 * answer through the response URL. bind and unbind only plan here; nothing changes until a button is pressed.
 */
import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseCommand } from '../../commands/parse.js';
import type { BotContext } from '../../context.js';
import { ackWith, poster, responder } from '../../deliver.js';
import { isBotError, slackMessage } from '../../errors.js';
import { planCommand, planReply } from '../../flows/change.js';
import { driftReply, refreshReply, statusReply } from '../../flows/read.js';
import { refusal } from '../../permissions.js';
import { errorReply, helpReply } from '../../render/message.js';
import { text } from '../../render/mrkdwn.js';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export function ossCommand(ctx: BotContext) {
  return async ({ command, ack, respond, client }: Args): Promise<void> => {
    // Answers that need no I/O (help, a malformed command, a refusal) travel in the ack itself: one request fewer,
    // and the user sees them at once. Everything else acks empty and answers on the response URL.
    const parsed = parseCommand(command.text ?? '');
    if (!parsed.ok) return ackWith(ack, ctx.log, errorReply(text(parsed.error.message), parsed.error.topic));
    const cmd = parsed.command;
    if (cmd.kind === 'help') return ackWith(ack, ctx.log, helpReply(cmd.topic));
    const no = refusal(ctx.settings, command.user_id, command.channel_id, cmd.kind);
    if (no) return ackWith(ack, ctx.log, errorReply(no.slack));
    await ack();
    const reply = responder(respond, ctx.log, `/oss ${cmd.kind}`);
    try {
      switch (cmd.kind) {
        case 'bind':
        case 'unbind': {
          const { args, plan } = await planCommand(ctx, cmd);
          await reply(planReply(ctx, args, plan, command.user_id));
          break;
        }
        case 'status':
        case 'list':
          await reply(await statusReply(ctx, cmd));
          break;
        case 'drift':
          await reply(await driftReply(ctx));
          break;
        case 'refresh':
          await reply(await refreshReply(ctx, poster(client, ctx.log), cmd, command.user_id, command.channel_id));
          break;
      }
    } catch (e) {
      // The usage helps with the bot's own errors (a missing config, say), not with a cloud error.
      await reply(errorReply(slackMessage(e), isBotError(e) ? cmd.kind : undefined));
    }
  };
}
