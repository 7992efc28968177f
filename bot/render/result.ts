/**
 * Messages that report what happened: an apply (what changed, request ids, the DNS check), a pull request opened in
 * GitOps mode, a refresh, and the read-only answers (status, list, drift). Large answers open with their counts,
 * then show as many items as fit (problems first), then say how many were left out and where to see them (kit.ts).
 */
import {
  type ApplyResult,
  type DomainStatus,
  type DriftReport,
  planConflicts,
  type RefreshResult,
  renderApplyResult,
  renderPlan,
  summarizePlan,
} from '../../src/core/index.js';
import { type ChangeArgs, commandText } from '../buttons.js';
import { MessageBuilder, type SlackMessage } from './kit.js';
import { bold, code, italic, join, link, type Mrkdwn, md, mention, text } from './mrkdwn.js';

const DRIFT_HINT = md`run ${code('oss-domains drift')} for the full list`;

/** "3 to create, 1 in conflict", leaving out the zeros. */
const counts = (parts: [number, string][]): string =>
  parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(', ');

/** The final message of a confirmed change: each step with its request ids, then the DNS check (the core's words). */
export function applyMessage(result: ApplyResult, args: ChangeArgs, by: string): SlackMessage {
  const cmd = commandText(args);
  const head = result.ok
    ? md`:white_check_mark: ${mention(by)} confirmed ${code(cmd)}: done.`
    : result.stopped
      ? md`:double_vertical_bar: ${mention(by)} confirmed ${code(cmd)}: it was stopped before it finished. What was done is listed below, then what remains; run it again to finish.`
      : md`:x: ${mention(by)} confirmed ${code(cmd)}: it did not complete. What was done is listed below; running the command again continues from there.`;
  const b = new MessageBuilder().section(head);
  b.code(renderApplyResult(result), { rest: md`${code(`/oss status ${args.domain}`)} shows where it stands` });
  if (result.verifications.some((v) => !v.ok))
    b.context(md`:hourglass: DNS changes can take a few minutes to be seen everywhere.`);
  const outcome = result.ok ? 'Done' : result.stopped ? 'Stopped' : 'Failed';
  return b.build(md`${outcome}: ${cmd}`, { response_type: 'in_channel', replace_original: true });
}

/** The message while a change runs: the latest progress lines (they carry names from the cloud, so are escaped). */
export function progressMessage(args: ChangeArgs, by: string, lines: string[]): SlackMessage {
  const cmd = commandText(args);
  const b = new MessageBuilder().section(md`:hourglass_flowing_sand: ${mention(by)} confirmed ${code(cmd)}; applying…`);
  if (lines.length) b.context(text(lines.slice(-8).join('\n')));
  return b.build(md`Applying ${cmd}…`, { response_type: 'in_channel', replace_original: true });
}

/** The answer of GitOps mode; `existing` when an earlier click of the same button had already opened it. */
export function pullRequestMessage(
  args: ChangeArgs,
  by: string,
  url: string,
  path: string,
  existing = false,
): SlackMessage {
  const what = existing
    ? md`${link(url, 'a pull request')} was already opened for this`
    : md`pull request ${link(url, 'opened')}`;
  const t = md`:twisted_rightwards_arrows: ${mention(by)} confirmed ${code(commandText(args))}: ${what} editing ${path}. The change is applied when it is merged.`;
  return new MessageBuilder().section(t).build(t, { response_type: 'in_channel', replace_original: true });
}

const statusLine = (s: DomainStatus): Mrkdwn => {
  const parts: Mrkdwn[] = [bold(code(s.domain))];
  parts.push(s.binding ? md`bucket ${code(s.binding.bucket)} (${s.binding.region})` : md`not bound to a bucket`);
  if (s.binding?.certId)
    parts.push(
      md`HTTPS ${s.binding.certId}${s.binding.certExpires ? ` until ${s.binding.certExpires.slice(0, 10)}` : ''}`,
    );
  if (s.record)
    parts.push(
      md`DNS ${s.record.type} → ${code(s.record.value)}${s.record.owned ? '' : ' (not managed by oss-domains)'}`,
    );
  else parts.push(md`no DNS record`);
  if (s.cdn) {
    const https = !s.cdn.https ? md`` : s.cdn.certId ? md`, HTTPS certificate ${code(s.cdn.certId)}` : md`, HTTPS`;
    parts.push(md`CDN ${s.cdn.status}${https} (${code(s.cdn.cname)})`);
  }
  if (s.verification) parts.push(s.verification.ok ? md`resolves :white_check_mark:` : md`does not resolve yet`);
  return join(parts, ' · ');
};

/** Something to look at: no binding, not resolving, or a record this tool does not manage. Listed first. */
const needsLook = (s: DomainStatus): boolean => !s.binding || s.verification?.ok === false || s.record?.owned === false;

export function statusMessage(list: DomainStatus[], what: string): SlackMessage {
  if (!list.length) {
    const t = md`Nothing is bound for ${what}.`;
    return new MessageBuilder().section(t).build(t, { response_type: 'ephemeral' });
  }
  const tally = counts([
    [list.filter((s) => s.verification?.ok).length, 'resolve'],
    [list.filter((s) => s.verification?.ok === false).length, 'do not resolve yet'],
    [list.filter((s) => !s.binding).length, 'not bound to a bucket'],
    [list.filter((s) => s.record?.owned === false).length, 'with a DNS record not managed by oss-domains'],
  ]);
  const sorted = [...list].sort(
    (a, b) => Number(needsLook(b)) - Number(needsLook(a)) || a.domain.localeCompare(b.domain),
  );
  const b = new MessageBuilder();
  b.section(md`${bold(`${list.length} domain(s)`)} for ${what}${tally ? `: ${tally}` : ''}.`);
  b.list(sorted.map(statusLine), {
    more: (n) => md`… and ${n} more (problems are listed first) — ${code('/oss status DOMAIN')} shows any one of them`,
  });
  return b.build(md`${list.length} domain(s) for ${what}`, { response_type: 'ephemeral' });
}

export function driftMessage(report: DriftReport, source: string): SlackMessage {
  const b = new MessageBuilder();
  if (!report.drift) b.section(md`:white_check_mark: The cloud matches ${source}.`);
  else {
    const s = summarizePlan(report.plan);
    const tally = counts([
      [s.conflict, 'in conflict'],
      [s.create, 'to create'],
      [s.update, 'to update'],
      [s.delete, 'to delete'],
      [s.unchanged, 'unchanged'],
    ]);
    b.section(md`:warning: The cloud differs from ${source} (${tally}). Applying it would:`);
    const conflicts = planConflicts(report.plan).map(
      (c) => md`:no_entry: ${code(c.domain)}: ${c.code}: ${c.message} → ${c.hint}`,
    );
    // Conflicts first, each with its fix: in a long plan they would be past the cut.
    if (conflicts.length) b.list(conflicts, { max: 2500, more: (n) => md`… and ${n} more conflicts — ${DRIFT_HINT}` });
    b.code(renderPlan(report.plan), {
      max: 2500,
      rest: md`run ${code('oss-domains drift')} for the full plan`,
    });
  }
  if (report.orphans.length)
    b.list(
      [
        md`${report.orphans.length} managed by oss-domains but not in ${source}:`,
        ...report.orphans.map((o) => md`• ${code(o)}`),
      ],
      { context: true, max: 1500, more: (n) => md`… and ${n} more — ${DRIFT_HINT}` },
    );
  // In sync, the plan says nothing, so the warnings (expiring certificates, CDN offline) are listed here.
  if (!report.drift && report.plan.warnings.length)
    b.list(
      report.plan.warnings.map((w) => md`:information_source: ${code(w.domain)}: ${w.message}`),
      { context: true, max: 1500, more: (n) => md`… and ${n} more warnings — ${DRIFT_HINT}` },
    );
  return b.build(report.drift ? md`Drift from ${source}` : md`In sync with ${source}`, { response_type: 'ephemeral' });
}

export function refreshMessage(r: RefreshResult, by: string, preload: boolean): SlackMessage {
  const what = preload ? 'preload' : 'refresh';
  const done = r.tasks?.length
    ? md`\n${r.tasks.filter((t) => t.status === 'Complete').length}/${r.tasks.length} task(s) complete.`
    : md``;
  const head = md`:recycle: ${mention(by)} started a CDN ${what} of ${r.urls} URL(s) and ${r.directories} director${r.directories === 1 ? 'y' : 'ies'}.${done}`;
  const b = new MessageBuilder().section(head);
  const calls = r.calls.map(
    (c) => md`• ${c.type}: ${c.count} path(s), task ${c.taskIds.join(', ')} ${italic(`(request id ${c.requestId})`)}`,
  );
  if (calls.length) b.list(calls, { context: true, more: (n) => md`… and ${n} more calls` });
  return b.build(head, { response_type: 'in_channel' });
}
