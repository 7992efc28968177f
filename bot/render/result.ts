/**
 * Messages that report what happened: an apply (what changed, request ids, the DNS check), a pull request opened in
 * GitOps mode, a refresh, and the read-only answers (status, drift).
 */
import {
  type ApplyResult,
  type DomainStatus,
  type DriftReport,
  type RefreshResult,
  renderApplyResult,
  renderPlan,
} from '../../src/core/index.js';
import { type ChangeArgs, commandText } from '../buttons.js';
import { type Block, clip, codeBlock, context, type SlackMessage, section } from './message.js';

const ids = (list: string[]): string => (list.length ? ` _(request id ${list.join(', ')})_` : '');

/** The final message of a confirmed change: each step with its request ids, then the DNS check (the core's words). */
export function applyMessage(result: ApplyResult, args: ChangeArgs, by: string): SlackMessage {
  const head = result.ok
    ? `:white_check_mark: <@${by}> confirmed \`${commandText(args)}\`: done.`
    : `:x: <@${by}> confirmed \`${commandText(args)}\`: it did not complete. What was done is listed below; running the command again continues from there.`;
  const blocks: Block[] = [section(head), section(codeBlock(renderApplyResult(result, 'text')))];
  if (result.verifications.some((v) => !v.ok))
    blocks.push(context(':hourglass: DNS changes can take a few minutes to be seen everywhere.'));
  return {
    response_type: 'in_channel',
    replace_original: true,
    text: `${result.ok ? 'Done' : 'Failed'}: ${commandText(args)}`,
    blocks,
  };
}

/** The message while a change runs: the latest progress lines. */
export function progressMessage(args: ChangeArgs, by: string, lines: string[]): SlackMessage {
  const blocks: Block[] = [section(`:hourglass_flowing_sand: <@${by}> confirmed \`${commandText(args)}\`; applying…`)];
  if (lines.length) blocks.push(context(clip(lines.slice(-8).join('\n'), 2900)));
  return { response_type: 'in_channel', replace_original: true, text: `Applying ${commandText(args)}…`, blocks };
}

/** The answer of GitOps mode; `existing` when an earlier click of the same button had already opened it. */
export function pullRequestMessage(
  args: ChangeArgs,
  by: string,
  url: string,
  path: string,
  existing = false,
): SlackMessage {
  const what = existing ? `<${url}|a pull request> was already opened for this` : `pull request <${url}|opened>`;
  const text = `:twisted_rightwards_arrows: <@${by}> confirmed \`${commandText(args)}\`: ${what} editing ${path}. The change is applied when it is merged.`;
  return { response_type: 'in_channel', replace_original: true, text, blocks: [section(text)] };
}

export function statusMessage(list: DomainStatus[], what: string): SlackMessage {
  if (!list.length) {
    const text = `Nothing is bound for ${what}.`;
    return { response_type: 'ephemeral', text, blocks: [section(text)] };
  }
  const lines = list.map((s) => {
    const parts = [`*\`${s.domain}\`*`];
    parts.push(s.binding ? `bucket \`${s.binding.bucket}\` (${s.binding.region})` : 'not bound to a bucket');
    if (s.binding?.certId)
      parts.push(
        `HTTPS ${s.binding.certId}${s.binding.certExpires ? ` until ${s.binding.certExpires.slice(0, 10)}` : ''}`,
      );
    if (s.record)
      parts.push(
        `DNS ${s.record.type} → \`${s.record.value}\`${s.record.owned ? '' : ' (not managed by oss-domains)'}`,
      );
    else parts.push('no DNS record');
    if (s.cdn) parts.push(`CDN ${s.cdn.status}${s.cdn.https ? ', HTTPS' : ''} (\`${s.cdn.cname}\`)`);
    if (s.verification) parts.push(s.verification.ok ? 'resolves :white_check_mark:' : 'does not resolve yet');
    return parts.join(' · ');
  });
  return {
    response_type: 'ephemeral',
    text: `${list.length} domain(s) for ${what}`,
    blocks: [section(clip(lines.join('\n')))],
  };
}

export function driftMessage(report: DriftReport, source: string): SlackMessage {
  const blocks: Block[] = [];
  if (!report.drift) blocks.push(section(`:white_check_mark: The cloud matches ${source}.`));
  else {
    blocks.push(section(`:warning: The cloud differs from ${source}. Applying it would:`));
    blocks.push(section(codeBlock(renderPlan(report.plan, 'text'))));
  }
  if (report.orphans.length)
    blocks.push(
      context(`Managed by oss-domains but not in ${source}: ${report.orphans.map((o) => `\`${o}\``).join(', ')}`),
    );
  // In sync, the plan says nothing, so the warnings (expiring certificates, CDN offline) are listed here.
  if (!report.drift)
    for (const w of report.plan.warnings.slice(0, 10)) blocks.push(context(`:information_source: ${w.message}`));
  return { response_type: 'ephemeral', text: report.drift ? `Drift from ${source}` : `In sync with ${source}`, blocks };
}

export function refreshMessage(r: RefreshResult, by: string, preload: boolean): SlackMessage {
  const what = preload ? 'preload' : 'refresh';
  const calls = r.calls.map(
    (c) => `• ${c.type}: ${c.count} path(s), task ${c.taskIds.join(', ')}${ids([c.requestId])}`,
  );
  const done = r.tasks?.length
    ? `\n${r.tasks.filter((t) => t.status === 'Complete').length}/${r.tasks.length} task(s) complete.`
    : '';
  const text = `:recycle: <@${by}> started a CDN ${what} of ${r.urls} URL(s) and ${r.directories} director${r.directories === 1 ? 'y' : 'ies'}.${done}`;
  return {
    response_type: 'in_channel',
    text,
    blocks: [section(text), ...(calls.length ? [context(clip(calls.join('\n')))] : [])],
  };
}
