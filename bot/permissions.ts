/**
 * Who may do what, where. Pure: decided from the settings alone, before any cloud call, both when a command is
 * typed and again when a button is pressed (the clicker need not be the person who typed the command).
 */
import { COMMANDS, type CommandName } from './commands/help.js';
import { BotError, ErrorCode } from './errors.js';
import { channelLink, join, type Mrkdwn, md, mention } from './render/mrkdwn.js';
import type { BotSettings } from './settings.js';

type Roles = Pick<BotSettings, 'admins' | 'operators' | 'channels'>;

const mentionAll = (ids: ReadonlySet<string>): Mrkdwn => join([...ids].map(mention), ', ');

/** Returns nothing when `user` may run `command` in `channel`; otherwise a `BotError` that says why and who may. */
export function refusal(settings: Roles, user: string, channel: string, command: CommandName): BotError | undefined {
  if (command === 'help') return undefined;
  if (settings.channels && !settings.channels.has(channel)) {
    const where = join([...settings.channels].map(channelLink), ', ');
    return new BotError(
      ErrorCode.ForbiddenChannel,
      md`/oss ${command} is not available in this channel. Use it in ${where} (OSS_DOMAINS_CHANNELS).`,
    );
  }
  const role = COMMANDS[command].role;
  if (role === 'admin' && !settings.admins.has(user)) {
    const who = settings.admins.size
      ? md`Admins may: ${mentionAll(settings.admins)}.`
      : md`No admins are configured: set OSS_DOMAINS_ADMINS to their Slack user ids.`;
    return new BotError(
      ErrorCode.ForbiddenRole,
      md`${mention(user)}, only admins may ${command}; nothing was changed. ${who} Ask one of them, or to be added to OSS_DOMAINS_ADMINS.`,
    );
  }
  if (role === 'operator' && !settings.admins.has(user) && !settings.operators.has(user)) {
    const both = new Set([...settings.operators, ...settings.admins]);
    const who = both.size
      ? md`Operators and admins may: ${mentionAll(both)}.`
      : md`No operators are configured: set OSS_DOMAINS_OPERATORS (or OSS_DOMAINS_ADMINS) to Slack user ids.`;
    return new BotError(
      ErrorCode.ForbiddenRole,
      md`${mention(user)}, only operators and admins may ${command}. ${who} Ask to be added to OSS_DOMAINS_OPERATORS.`,
    );
  }
  return undefined;
}
