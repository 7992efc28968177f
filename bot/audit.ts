/**
 * Every change the bot makes is recorded twice: posted to OSS_DOMAINS_AUDIT_CHANNEL (or the channel it came from)
 * so people see it, and written with the core's `writeAudit` to the state bucket, when one is configured, next to
 * the entries of the CLI and the Action. A failure to record is logged and never undoes or hides the change.
 */
import type { AllMiddlewareArgs } from '@slack/bolt';
import { type AuditEntry, errorMessage, writeAudit } from '../src/core/index.js';
import { ACTOR_PREFIX } from './constants.js';
import type { BotContext } from './context.js';
import { context, type SlackMessage, section } from './render/message.js';

export interface AuditFacts {
  /** `bind`, `unbind`, `refresh` */
  command: string;
  /** The command as typed, e.g. `/oss bind img.abc.com abc-img --region cn-hangzhou`. */
  text: string;
  requester: string;
  /** Who pressed confirm (same as requester for refresh). */
  confirmer: string;
  domains: string[];
  ok: boolean;
  requestIds: string[];
  /** One line: what came of it (`bound`, `pull request …`, the error). */
  outcome: string;
}

/** Posts to a channel with the bot's token (chat.postMessage). */
export type PostMessage = (channel: string, message: SlackMessage) => Promise<void>;

/** The `PostMessage` of a listener's Web API client. */
export const poster =
  (client: AllMiddlewareArgs['client']): PostMessage =>
  async (channel, m) => {
    await client.chat.postMessage({ channel, text: m.text, ...(m.blocks ? { blocks: m.blocks } : {}) });
  };

function auditMessage(f: AuditFacts, time: number): SlackMessage {
  const secs = Math.floor(time / 1000);
  const who = f.requester === f.confirmer ? `<@${f.requester}>` : `<@${f.requester}> (confirmed by <@${f.confirmer}>)`;
  const head = `${f.ok ? ':white_check_mark:' : ':x:'} ${who} ran \`${f.text}\` <!date^${secs}^{date_short_pretty} {time_secs}|${new Date(time).toISOString()}>: ${f.outcome}`;
  const blocks = [section(head)];
  if (f.requestIds.length) blocks.push(context(`Request ids: ${f.requestIds.join(', ')}`));
  return { text: `oss-domains audit: ${f.text}: ${f.ok ? 'ok' : 'failed'}`, blocks };
}

export async function recordAudit(
  ctx: BotContext,
  post: PostMessage,
  f: AuditFacts,
  originChannel: string,
): Promise<void> {
  const time = ctx.now();
  const channel = ctx.settings.auditChannel ?? originChannel;
  const posted = post(channel, auditMessage(f, time)).catch((e) =>
    ctx.log.warn(
      `audit: could not post to ${channel}: ${errorMessage(e)} (invite the app there or add chat:write.public)`,
    ),
  );
  const state = ctx.settings.state;
  const entry: AuditEntry = {
    time: new Date(time).toISOString(),
    actor: `${ACTOR_PREFIX}${f.confirmer}`,
    command: f.command,
    domains: f.domains,
    ok: f.ok,
    requestIds: f.requestIds,
    summary: `${f.text} (requested by ${f.requester}): ${f.outcome}`,
  };
  const written = state
    ? writeAudit(ctx.runtime(), state, entry).catch((e) =>
        ctx.log.warn(`audit: could not write to bucket ${state.bucket}: ${errorMessage(e)}`),
      )
    : Promise.resolve();
  await Promise.all([posted, written]);
}
