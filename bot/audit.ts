/**
 * Every change the bot makes is recorded twice: posted to OSS_DOMAINS_AUDIT_CHANNEL (or the channel it came from)
 * so people see it, and written with the core's `writeAudit` to the state bucket, when one is configured, next to
 * the entries of the CLI and the Action. A failure to record is logged and never undoes or hides the change.
 */
import { type AuditEntry, errorMessage, writeAudit } from '../src/core/index.js';
import { ACTOR_PREFIX } from './constants.js';
import type { BotContext } from './context.js';
import type { Post } from './deliver.js';
import { MessageBuilder, type SlackMessage } from './render/kit.js';
import { code, md, mention, slackDate } from './render/mrkdwn.js';

export interface AuditFacts {
  /** `bind`, `unbind`, `refresh` */
  command: string;
  /** The command as typed, e.g. `/oss bind img.abc.com abc-img --region cn-hangzhou`. */
  text: string;
  /** For a refresh: the command without its paths (`/oss refresh --wait`), which are `paths`. */
  short?: string;
  /** For a refresh: the URLs, listed apart so that a long list is cut with a count. */
  paths?: string[];
  requester: string;
  /** Who pressed confirm (same as requester for refresh). */
  confirmer: string;
  domains: string[];
  ok: boolean;
  /** Stopped at a step boundary before it finished (the bot shut down): neither done nor failed. */
  stopped?: boolean;
  requestIds: string[];
  /** One line: what came of it (`bound`, `pull request …`, the error). */
  outcome: string;
}

/** The audit post: who, what and when first, then the outcome, the paths and the request ids, each cut with a count. */
function auditMessage(f: AuditFacts, time: number, inBucket: boolean): SlackMessage {
  const who =
    f.requester === f.confirmer
      ? mention(f.requester)
      : md`${mention(f.requester)} (confirmed by ${mention(f.confirmer)})`;
  // A command of many paths is named by its count, and its paths listed apart (cut with a count).
  const long = f.paths !== undefined && f.text.length > 300;
  const shown = long ? `${f.short ?? f.command} (${f.paths!.length} paths)` : f.text;
  const when = slackDate(time, '{date_short_pretty} {time_secs}', new Date(time).toISOString());
  const b = new MessageBuilder();
  const icon = f.ok ? ':white_check_mark:' : f.stopped ? ':double_vertical_bar:' : ':x:';
  b.section(md`${icon} ${who} ran ${code(shown)} ${when}: ${f.outcome}`);
  const whole = inBucket ? md` — the audit log in the state bucket has them all` : md``;
  if (long && f.paths?.length)
    b.list(
      f.paths.map((p) => md`• ${code(p)}`),
      { context: true, max: 2500, more: (n) => md`… and ${n} more${whole}` },
    );
  if (f.requestIds.length)
    b.list([md`Request ids: ${f.requestIds.join(', ')}`], { context: true, more: (n) => md`… and ${n} more` });
  return b.build(md`oss-domains audit: ${shown}: ${f.ok ? 'ok' : f.stopped ? 'stopped' : 'failed'}`);
}

export async function recordAudit(ctx: BotContext, post: Post, f: AuditFacts, originChannel: string): Promise<void> {
  const time = ctx.now();
  const state = ctx.settings.state;
  const channel = ctx.settings.auditChannel ?? originChannel;
  // A post that fails is logged by the sender (deliver.ts); say what would make it work.
  const posted = post(channel, auditMessage(f, time, state !== undefined)).then((ok) => {
    if (!ok) ctx.log.warn(`audit: could not post to ${channel} (invite the app there or add chat:write.public)`);
  });
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
