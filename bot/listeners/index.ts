import type { App, BlockButtonAction } from '@slack/bolt';
import { CANCEL_ACTION, CONFIRM_ACTION, SLASH_COMMAND } from '../constants.js';
import type { BotContext } from '../context.js';
import { cancelAction } from './actions/cancel.js';
import { confirmAction } from './actions/confirm.js';
import { ossCommand } from './commands/oss.js';

/** Registers every listener: one slash command, two buttons. */
export function registerListeners(app: App, ctx: BotContext): void {
  app.command(SLASH_COMMAND, ossCommand(ctx));
  app.action<BlockButtonAction>(CONFIRM_ACTION, confirmAction(ctx));
  app.action<BlockButtonAction>(CANCEL_ACTION, cancelAction(ctx));
}
