/**
 * The operator commands: status, list and drift read the cloud (no write call), refresh purges CDN caches. Each
 * translates a parsed command into one core call and its result into a message.
 */
import {
  type ConfigResult,
  desiredFromConfig,
  drift,
  formatIssue,
  loadConfig,
  parseConfig,
  refresh,
  status,
} from '../../src/core/index.js';
import { recordAudit } from '../audit.js';
import type { Command } from '../commands/parse.js';
import type { BotContext } from '../context.js';
import type { Post } from '../deliver.js';
import { BotError, ErrorCode, userMessage } from '../errors.js';
import type { SlackMessage } from '../render/message.js';
import { driftMessage, refreshMessage, statusMessage } from '../render/result.js';

export async function statusReply(
  ctx: BotContext,
  cmd: Extract<Command, { kind: 'status' | 'list' }>,
): Promise<SlackMessage> {
  const rt = ctx.runtime();
  if (cmd.kind === 'status' && cmd.domain)
    return statusMessage(await status(rt, { domains: [cmd.domain] }), cmd.domain);
  if (cmd.kind === 'list' && cmd.bucket) {
    const buckets = [{ name: cmd.bucket, region: cmd.region }];
    return statusMessage(await status(rt, { buckets }), `bucket ${cmd.bucket}`);
  }
  // With neither, the core reports every domain that carries an oss-domains marker, whatever its owner.
  return statusMessage(await status(rt, {}), 'oss-domains (every owner)');
}

/** Reads domains.yml from the repository (GitOps) or OSS_DOMAINS_CONFIG. */
async function desiredConfig(ctx: BotContext): Promise<{ result: ConfigResult; source: string }> {
  const g = ctx.settings.gitops;
  if (ctx.github && g) {
    const branch = await ctx.github.defaultBranch();
    const file = await ctx.github.getFile(g.path, branch);
    return { result: parseConfig(file.text, g.path), source: `${g.owner}/${g.repo}:${g.path}` };
  }
  if (ctx.settings.configFile) {
    return { result: await loadConfig(ctx.settings.configFile), source: ctx.settings.configFile };
  }
  throw new BotError(
    ErrorCode.NoConfig,
    'drift compares the cloud with domains.yml, and none is configured: set OSS_DOMAINS_REPO (with GITHUB_TOKEN) or OSS_DOMAINS_CONFIG.',
  );
}

export async function driftReply(ctx: BotContext): Promise<SlackMessage> {
  const { result, source } = await desiredConfig(ctx);
  if (!result.ok) {
    const lines = result.issues.slice(0, 5).map(formatIssue);
    throw new BotError(
      ErrorCode.ConfigInvalid,
      `${source} is not valid, so drift cannot be checked:\n${lines.join('\n')}`,
    );
  }
  return driftMessage(await drift(ctx.runtime(), desiredFromConfig(result.config)), source);
}

export async function refreshReply(
  ctx: BotContext,
  post: Post,
  cmd: Extract<Command, { kind: 'refresh' }>,
  user: string,
  channel: string,
): Promise<SlackMessage> {
  const flags = `${cmd.preload ? ' --preload' : ''}${cmd.wait ? ' --wait' : ''}`;
  const facts = {
    command: 'refresh',
    text: `/oss refresh ${cmd.urls.join(' ')}${flags}`,
    short: `/oss refresh${flags}`,
    paths: cmd.urls,
    requester: user,
    confirmer: user,
    domains: cmd.domains,
  };
  try {
    const r = await refresh(ctx.runtime(), { paths: cmd.urls, preload: cmd.preload, wait: cmd.wait });
    const ids = r.calls.map((c) => c.requestId);
    await recordAudit(
      ctx,
      post,
      { ...facts, ok: true, requestIds: ids, outcome: `${r.calls.length} call(s)` },
      channel,
    );
    return refreshMessage(r, user, cmd.preload);
  } catch (e) {
    await recordAudit(ctx, post, { ...facts, ok: false, requestIds: [], outcome: userMessage(e) }, channel);
    throw e;
  }
}
