/**
 * The confirm button of a plan. The button's value is the whole request, authenticated (buttons.ts): it is checked
 * (made by this app, not expired), then the clicker is checked — the clicker, not the person who typed the command —
 * then the button is claimed (single-use.ts: it works once, on any replica), and only then does anything reach the
 * cloud.
 *
 * Without a state bucket there is no shared marker; a double-click served by this replica still runs once, because
 * the domain is claimed here for the length of the change and a click that finds it claimed is told so.
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { decodeButton } from '../../buttons.js';
import type { BotContext } from '../../context.js';
import { poster, responder } from '../../deliver.js';
import { slackMessage } from '../../errors.js';
import { confirmChange } from '../../flows/change.js';
import { refusal } from '../../permissions.js';
import { errorReply } from '../../render/message.js';
import { code, md, mention } from '../../render/mrkdwn.js';
import { useButton } from '../../single-use.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The channel the button was pressed in. */
export const channelOf = (body: BlockButtonAction): string => body.channel?.id ?? body.container?.channel_id ?? '';

export function confirmAction(ctx: BotContext) {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const say = responder(respond, ctx.log, 'a confirm click');
    const clicker = body.user.id;
    const channel = channelOf(body);
    let req: ReturnType<typeof decodeButton>;
    try {
      req = decodeButton(action.value ?? '', ctx.settings.signingSecret, ctx.now());
    } catch (e) {
      return void (await say(errorReply(slackMessage(e))));
    }
    const no = refusal(ctx.settings, clicker, channel, req.args.cmd);
    if (no) return void (await say(errorReply(no.slack)));
    try {
      const used = await useButton(ctx, req, { action: 'confirm', by: clicker });
      if (used) return void (await say(used));
    } catch (e) {
      return void (await say(errorReply(md`Nothing was done: ${slackMessage(e)}`)));
    }
    const domain = req.args.domain;
    const holder = ctx.changing.get(domain);
    if (holder !== undefined)
      return void (await say(
        errorReply(
          md`A change to ${code(domain)} confirmed by ${mention(holder)} is still running, so this click did nothing. Once it has finished, run the command again if anything is left to do.`,
        ),
      ));
    ctx.changing.set(domain, clicker);
    try {
      // Tracked, so that a shutdown lets it finish, or stops it at a step boundary with its result posted.
      await ctx.lifecycle.track((signal) =>
        confirmChange(ctx, { respond: say, post: poster(client, ctx.log) }, req, clicker, channel, signal),
      );
    } catch (e) {
      await say(errorReply(slackMessage(e)));
    } finally {
      ctx.changing.delete(domain);
    }
  };
}
