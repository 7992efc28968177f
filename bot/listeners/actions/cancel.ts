/**
 * The cancel button: replaces the plan with a note of who cancelled. Only the person who asked, or an admin, may
 * cancel someone's plan; an expired plan can be cleared by anyone allowed to run it. Cancelling uses the button up
 * (single-use.ts), so a confirm click after it, on any replica, is answered "already done".
 */
import { decodeButton } from '../../buttons.js';
import type { BotContext } from '../../context.js';
import { responder } from '../../deliver.js';
import { ErrorCode, isBotError, slackMessage } from '../../errors.js';
import { simpleMessage } from '../../render/kit.js';
import { errorReply } from '../../render/message.js';
import { md, mention } from '../../render/mrkdwn.js';
import { useButton } from '../../single-use.js';
import { type ButtonArgs, channelOf } from './confirm.js';

export function cancelAction(ctx: BotContext) {
  return async ({ ack, body, action, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const say = responder(respond, ctx.log, 'a cancel click');
    const clicker = body.user.id;
    let req: ReturnType<typeof decodeButton> | undefined;
    try {
      req = decodeButton(action.value ?? '', ctx.settings.signingSecret, ctx.now());
    } catch (e) {
      if (!(isBotError(e) && e.code === ErrorCode.ButtonExpired)) return void (await say(errorReply(slackMessage(e))));
    }
    if (req && req.requester !== clicker && !ctx.settings.admins.has(clicker))
      return void (await say(
        errorReply(md`Only ${mention(req.requester)}, who asked for this, or an admin may cancel it.`),
      ));
    if (ctx.settings.channels && !ctx.settings.channels.has(channelOf(body))) return;
    try {
      // An expired button can no longer be confirmed, so clearing it needs no marker.
      const used = req && (await useButton(ctx, req, { action: 'cancel', by: clicker }));
      if (used) return void (await say(used));
    } catch (e) {
      return void (await say(errorReply(md`The plan could not be cancelled: ${slackMessage(e)}`)));
    }
    const t = md`Cancelled by ${mention(clicker)}; nothing was changed.`;
    await say(simpleMessage(t, { response_type: 'in_channel', replace_original: true }));
  };
}
