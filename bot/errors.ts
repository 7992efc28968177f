/**
 * Every error the bot itself raises has a stable string code, so that tests, logs and support can match on it
 * without parsing prose. Cloud errors keep the core's `CloudError`; these are the bot's own.
 */

import { errorMessage, redact } from '../src/core/index.js';
import { Mrkdwn, text } from './render/mrkdwn.js';

export const ErrorCode = {
  /** The environment is incomplete or malformed; the bot refuses to start. */
  SettingsInvalid: 'settings_invalid',
  /** The command word is not one the bot knows. */
  UnknownCommand: 'unknown_command',
  /** A required positional argument is missing. */
  MissingArgument: 'missing_argument',
  /** More positional arguments than the command takes. */
  UnexpectedArgument: 'unexpected_argument',
  /** A `--flag` the command does not take. */
  UnknownFlag: 'unknown_flag',
  /** A flag given without its value, or a value given to a flag that takes none. */
  FlagValue: 'flag_value',
  /** The same flag twice. */
  DuplicateFlag: 'duplicate_flag',
  /** A quote opened and never closed. */
  UnterminatedQuote: 'unterminated_quote',
  InvalidDomain: 'invalid_domain',
  InvalidBucket: 'invalid_bucket',
  InvalidRegion: 'invalid_region',
  InvalidCertId: 'invalid_cert_id',
  InvalidUrl: 'invalid_url',
  /** A button value that this app did not sign (or that was altered). */
  ButtonInvalid: 'button_invalid',
  /** A button older than its 15 minutes. */
  ButtonExpired: 'button_expired',
  /** The user's role does not allow the command. */
  ForbiddenRole: 'forbidden_role',
  /** The command was used in a channel outside OSS_DOMAINS_CHANNELS. */
  ForbiddenChannel: 'forbidden_channel',
  /** drift needs a domains.yml and none is configured. */
  NoConfig: 'no_config',
  /** domains.yml could not be read or is invalid. */
  ConfigInvalid: 'config_invalid',
  /** The GitHub API refused or failed a call of the GitOps flow. */
  GitHubApi: 'github_api',
  /** The GitOps edit has nothing to do (already declared / not declared). */
  GitOpsNoChange: 'gitops_no_change',
} as const;

export type ErrorCodeValue = (typeof ErrorCode)[keyof typeof ErrorCode];

/**
 * An error of the bot with a stable code and a message fit to show a user (it says what to do next). The message is
 * plain text, escaped when shown in Slack; one that mentions people or channels is given as `Mrkdwn` (written with
 * `md`), and `message` is then its plain form for logs.
 */
export class BotError extends Error {
  override name = 'BotError';
  /** The message as Slack shows it. */
  readonly slack: Mrkdwn;
  constructor(
    readonly code: ErrorCodeValue,
    message: string | Mrkdwn,
    readonly details: Record<string, unknown> = {},
  ) {
    super(typeof message === 'string' ? message : message.plain());
    this.slack = typeof message === 'string' ? text(message) : message;
  }
}

export const isBotError = (e: unknown): e is BotError => e instanceof BotError;

/**
 * The short, safe message a user sees for anything thrown: the bot's own message, or the core's `errorMessage`
 * (what happened, where, the next step, request id; credentials redacted). Never a stack trace.
 */
export function userMessage(e: unknown): string {
  if (e instanceof BotError) return redact(e.message);
  return errorMessage(e);
}

/** `userMessage` as Slack mrkdwn: the bot's own message as written, anything else (from the cloud) escaped. */
export function slackMessage(e: unknown): Mrkdwn {
  if (e instanceof BotError) return Mrkdwn.trusted(redact(e.slack.text));
  return text(errorMessage(e));
}
