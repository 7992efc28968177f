/**
 * A plan's buttons work once. With a state bucket, the first click of either button (confirm or cancel) claims a
 * marker named after the button's request (`claimOnce`, in the bucket every replica shares), and every later click —
 * a double-click, a click after the change ran, a click after Cancel, on whichever replica — finds the marker and is
 * answered "already done" without touching anything. Nothing is kept in memory.
 *
 * Without a state bucket there is nowhere shared to mark a button, so the cloud itself is the witness: a click after
 * the change ran plans again, finds nothing to do and is answered "already done" (flows/change.ts); a click after
 * Cancel cannot be told from a first click there, which the README says.
 */
import { claimOnce } from '../src/core/index.js';
import { type ButtonRequest, commandText, requestKey } from './buttons.js';
import type { BotContext } from './context.js';
import { alreadyDoneReply, type SlackMessage } from './render/message.js';
import { code, md, mention, slackDate } from './render/mrkdwn.js';

/** What the marker of a used button records. */
export interface ButtonUse {
  action: 'confirm' | 'cancel';
  /** Slack user id of the clicker. */
  by: string;
  /** ms since the epoch. */
  at: number;
}

/** "already done", saying who used the button, how and when. */
export function usedReply(req: ButtonRequest, use: ButtonUse | undefined): SlackMessage {
  const cmd = code(commandText(req.args));
  if (!use) return alreadyDoneReply(md`this plan's buttons were already used.`);
  const when = slackDate(use.at, '{date_short_pretty} {time}', new Date(use.at).toISOString());
  return use.action === 'cancel'
    ? alreadyDoneReply(md`${mention(use.by)} cancelled this plan ${when}; run ${cmd} again for a fresh plan.`)
    : alreadyDoneReply(
        md`${mention(use.by)} confirmed ${cmd} ${when}; its progress and result are in the message above.`,
      );
}

/**
 * Claims the button for this click. Resolves to `undefined` when the click may go on, or to the "already done" answer
 * when the button was used before. Without a state bucket every click may go on (see the module comment).
 */
export async function useButton(
  ctx: BotContext,
  req: ButtonRequest,
  use: Omit<ButtonUse, 'at'>,
): Promise<SlackMessage | undefined> {
  const state = ctx.settings.state;
  if (!state) return undefined;
  const record: ButtonUse = { ...use, at: ctx.now() };
  const claim = await claimOnce(ctx.runtime(), state, `button-${requestKey(req)}`, record);
  return claim.won ? undefined : usedReply(req, claim.record);
}
