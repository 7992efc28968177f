/**
 * The confirm button of a plan. The button's value is the whole request, authenticated (buttons.ts): it is checked
 * (made by this app, not expired), then the clicker is checked — the clicker, not the person who typed the command —
 * and only then does anything reach the cloud.
 *
 * A double-click (or two people confirming the same domain) on this replica runs once: the domain is claimed for the
 * length of the change, and a click that finds it claimed is told so and does nothing. Across replicas the state
 * bucket's apply lock does the same job (see flows/change.ts); without one, see the README ("double-click").
 */
import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { poster } from '../../audit.js';
import { decodeButton } from '../../buttons.js';
import type { BotContext } from '../../context.js';
import { userMessage } from '../../errors.js';
import { confirmChange } from '../../flows/change.js';
import { refusal } from '../../permissions.js';
import { errorReply, type SlackMessage } from '../../render/message.js';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** The channel the button was pressed in. */
export const channelOf = (body: BlockButtonAction): string => body.channel?.id ?? body.container?.channel_id ?? '';

export function confirmAction(ctx: BotContext) {
  return async ({ ack, body, action, respond, client }: ButtonArgs): Promise<void> => {
    await ack();
    const say = (m: SlackMessage) =>
      respond(m).catch((e) => ctx.log.warn(`could not answer a click: ${userMessage(e)}`));
    const clicker = body.user.id;
    const channel = channelOf(body);
    let req: ReturnType<typeof decodeButton>;
    try {
      req = decodeButton(action.value ?? '', ctx.settings.signingSecret, ctx.now());
    } catch (e) {
      return void (await say(errorReply(userMessage(e))));
    }
    const no = refusal(ctx.settings, clicker, channel, req.args.cmd);
    if (no) return void (await say(errorReply(no.message)));
    const domain = req.args.domain;
    const holder = ctx.changing.get(domain);
    if (holder !== undefined)
      return void (await say(
        errorReply(
          `A change to \`${domain}\` confirmed by <@${holder}> is still running, so this click did nothing. Once it has finished, run the command again if anything is left to do.`,
        ),
      ));
    ctx.changing.set(domain, clicker);
    try {
      await confirmChange(ctx, { respond: say, post: poster(client) }, req, clicker, channel);
    } catch (e) {
      await say(errorReply(userMessage(e)));
    } finally {
      ctx.changing.delete(domain);
    }
  };
}
