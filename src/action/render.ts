/**
 * Markdown for the job summary, the plan comment and the drift issue. Pure functions: the plan table itself comes
 * from the core's `renderPlan`; this file frames it and renders what only the Action shows (apply results with
 * request ids, verification, refresh calls), and keeps bodies under GitHub's size limits.
 */
import {
  type ApplyResult,
  type ConfigIssue,
  type DriftReport,
  describeStep,
  planConflicts,
  type RefreshResult,
  type Warning,
} from '../core/index.js';
import { COMMENT_BUDGET, PLAN_COMMENT_MARKER } from './constants.js';

/** Escapes a value for a Markdown table cell. */
export const cell = (s: string): string => s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');

const code = (s: string): string => (s ? `\`${s.replace(/`/g, "'")}\`` : '');

function table(head: string[], rows: string[][]): string {
  return [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`),
  ].join('\n');
}

function warningsSection(warnings: Warning[]): string {
  if (warnings.length === 0) return '';
  return `\n\n#### Warnings\n\n${warnings.map((w) => `- **${w.domain}**: ${w.message}`).join('\n')}`;
}

/** `plan`: the heading, then the core's rendering (summary line, a table per changing domain, warnings). */
export function planReport(planMarkdown: string): string {
  return `### oss-domains plan\n\n${planMarkdown.trim()}`;
}

/** `apply`: what was done (with request ids), then the DNS verification of each changed domain. */
export function applyReport(result: ApplyResult | undefined, planMarkdown: string): string {
  if (!result || result.results.length === 0) {
    return `### oss-domains apply\n\nNothing to do: the cloud already matches the file.\n\n${planMarkdown.trim()}`;
  }
  const done = result.results.filter((r) => r.ok).length;
  const failed = result.results.length - done;
  const verdict =
    failed === 0
      ? `**${done} change${done === 1 ? '' : 's'} made.**`
      : `**${failed} of ${result.results.length} changes failed.**`;
  const steps = table(
    ['domain', 'change', 'result', 'request ids'],
    result.results.map((r) => [
      r.step.domain,
      describeStep(r.step) + (r.detail ? ` (${r.detail})` : ''),
      r.ok ? '✅ done' : `❌ ${r.error ?? 'failed'}`,
      r.requestIds.map(code).join(' '),
    ]),
  );
  const verify =
    result.verifications.length === 0
      ? ''
      : `\n\n#### Verification (DNS)\n\n${table(
          ['domain', 'expected', 'answers', 'result'],
          result.verifications.map((v) => [
            v.domain,
            v.expected,
            v.answers.join(' → ') || '(no answer)',
            v.ok ? '✅ resolves' : `⚠️ ${v.error ?? 'not yet'}`,
          ]),
        )}`;
  const conflicts = planConflicts(result.plan);
  const blocked =
    conflicts.length === 0
      ? ''
      : `\n\n#### Not applied (conflicts)\n\n${conflicts.map((c) => `- **${c.domain}**: ${c.message} → ${c.hint}`).join('\n')}`;
  return `### oss-domains apply\n\n${verdict}\n\n${steps}${verify}${blocked}${warningsSection(result.plan.warnings)}`;
}

/** `drift`: in sync, or what differs (the plan read as differences), orphans; warnings come with the plan. */
export function driftReport(report: DriftReport, planMarkdown: string): string {
  const orphans =
    report.orphans.length === 0
      ? ''
      : `\n\n#### Owned but no longer declared\n\n${report.orphans.map((o) => `- ${o}`).join('\n')}`;
  const head = report.drift
    ? '**The cloud differs from the file.** Run `apply` (or merge a change to the file) to converge.'
    : 'In sync: the cloud matches the file.';
  return `### oss-domains drift\n\n${head}\n\n${planMarkdown.trim()}${orphans}`;
}

/** `refresh`: one row per API call. */
export function refreshReport(result: RefreshResult): string {
  const quota = result.quotaBefore
    ? `\n\nDaily quota before: ${result.quotaBefore.urlRemain} of ${result.quotaBefore.urlQuota} URLs, ` +
      `${result.quotaBefore.dirRemain} of ${result.quotaBefore.dirQuota} directories left.`
    : '';
  const calls = table(
    ['call', 'type', 'paths', 'request id', 'task ids'],
    result.calls.map((c, i) => [String(i + 1), c.type, String(c.count), code(c.requestId), c.taskIds.join(', ')]),
  );
  const tasks = result.tasks
    ? `\n\n${result.tasks.filter((t) => t.status === 'Complete').length} of ${result.tasks.length} tasks complete.`
    : '';
  return (
    `### oss-domains refresh\n\n${result.urls} URL${result.urls === 1 ? '' : 's'} and ${result.directories} ` +
    `director${result.directories === 1 ? 'y' : 'ies'} in ${result.calls.length} call${result.calls.length === 1 ? '' : 's'}.` +
    `${quota}\n\n${calls}${tasks}`
  );
}

/** Validation problems of domains.yml, for the summary (the annotations carry the same on the lines themselves). */
export function issuesReport(file: string, issues: ConfigIssue[]): string {
  const rows = issues.map((i) => [`${i.line}:${i.column}`, i.message, i.hint]);
  return `### oss-domains: ${file} is not valid\n\n${table(['line:col', 'problem', 'how to fix'], rows)}`;
}

/** A failure that stopped the command, for the summary. */
export function errorReport(command: string, message: string): string {
  return `### oss-domains ${command} failed\n\n\`\`\`\n${message.replace(/```/g, "'''")}\n\`\`\``;
}

/**
 * Cuts Markdown to `budget` characters at a line boundary, closing an open code fence, and says so visibly.
 * Returns the text unchanged when it fits.
 */
export function truncate(markdown: string, budget: number, note: string): string {
  if (markdown.length <= budget) return markdown;
  const room = budget - note.length - 16;
  let cut = markdown.slice(0, Math.max(0, room));
  const nl = cut.lastIndexOf('\n');
  if (nl > 0) cut = cut.slice(0, nl);
  const fences = cut.match(/^```/gm)?.length ?? 0;
  if (fences % 2 === 1) cut += '\n```';
  return `${cut}\n\n${note}`;
}

/** The pull request comment: the marker (hidden), the report, and a pointer to the run; never over GitHub's limit. */
export function commentBody(report: string, runUrl?: string): string {
  const where = runUrl ? `the [job summary](${runUrl})` : 'the job summary of this run';
  const footer = `\n\n<sub>Updated by oss-domains on every push; the full report is in ${where}.</sub>`;
  const note = `> **Truncated:** the plan is longer than a comment may be. The full plan is in ${where}.`;
  return truncate(`${PLAN_COMMENT_MARKER}\n${report}`, COMMENT_BUDGET - footer.length, note) + footer;
}
