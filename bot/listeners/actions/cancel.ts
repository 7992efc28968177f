/**
 * The cancel button: replaces the plan with a note of who cancelled. Only the person who asked, or an admin, may
 * cancel someone's plan; an expired plan can be cleared by anyone allowed to run it.
 */
import { decodeButton } from '../../buttons.js';
import type { BotContext } from '../../context.js';
import { ErrorCode, isBotError, userMessage } from '../../errors.js';
import { errorReply, section } from '../../render/message.js';
import { type ButtonArgs, channelOf } from './confirm.js';

export function cancelAction(ctx: BotContext) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const clicker = body.user.id;
    let requester: string | undefined;
    try {
      requester = decodeButton(action.value ?? '', ctx.settings.signingSecret, ctx.now()).requester;
    } catch (e) {
      if (!(isBotError(e) && e.code === ErrorCode.ButtonExpired)) {
        await respond(errorReply(userMessage(e))).catch(() => undefined);
        return;
      }
    }
    if (requester !== undefined && requester !== clicker && !ctx.settings.admins.has(clicker)) {
      await respond(errorReply(`Only <@${requester}>, who asked for this, or an admin may cancel it.`)).catch(
        () => undefined,
      );
      return;
    }
    if (ctx.settings.channels && !ctx.settings.channels.has(channelOf(body))) return;
    const text = `Cancelled by <@${clicker}>; nothing was changed.`;
    await respond({ response_type: 'in_channel', replace_original: true, text, blocks: [section(text)] }).catch((e) =>
      ctx.log.warn(`could not answer a cancel: ${userMessage(e)}`),
    );
  };
}
